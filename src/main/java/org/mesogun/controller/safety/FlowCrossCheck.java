package org.mesogun.controller.safety;

import org.mesogun.config.SafetyLimits;
import org.mesogun.config.SyringeConfig;

/**
 * SR-5: the plunger against the scale. The plunger sensor measures travel, which becomes volume
 * through the bore the gun was told; the technician's flow calibration was weighed on a scale. Over
 * a window of session shots, the volume the plunger measured must match the calibrated flow times
 * the valve time (plus the calibrated offset per opening, the flow corrected for the syringe's
 * fill) within {@link SafetyLimits#FLOW_CROSS_CHECK_TOLERANCE}. A syringe of another bore (an
 * over-dose the closed loop would otherwise add to every point), a flow calibration far from the
 * truth, or a product thicker than the one calibrated with, each break it.
 *
 * <p>Priming weighs the first window of every syringe, parked, before any dose goes into skin: a
 * calibration far from the truth would otherwise put its error into the first point whole.
 *
 * <p>A window opens on a settled reading (the valve closed and quiet), takes openings, and
 * is judged on a later settled reading once its travel is long enough to read precisely or it holds
 * {@link SafetyLimits#FLOW_CROSS_CHECK_MAX_OPENINGS}. Anything else that moves the plunger (a
 * service pulse, a shot cut short, a syringe change, a fault) discards the window.
 */
final class FlowCrossCheck {

    /** Under this share of what the calibration expects, nothing flowed: SR-9, not the bore. */
    static final double NOTHING_DELIVERED = 0.1;

    private final double flowUlPerMs;
    private final double offsetUl;
    private final double flowDropEmpty;
    private final double minTravelMicrons;
    private boolean open;
    private double startMicrons;
    private double expectedUl;
    private int openings;
    private double lastRatio = Double.NaN;
    private boolean judged;
    // Every agreeing window of this syringe, pooled: what the reservoir is scaled by (lowerRatio).
    private double pooledMeasuredUl;
    private double pooledExpectedUl;
    private double pooledVarianceUl2;
    private int pooledOpenings;
    private int pooledWindows;
    private double sumRatio;
    private double sumRatioSquared;

    FlowCrossCheck(double flowUlPerMs, double offsetUl, double flowDropEmpty, double resolutionMicrons) {
        this.flowUlPerMs = flowUlPerMs;
        this.offsetUl = offsetUl;
        this.flowDropEmpty = flowDropEmpty;
        this.minTravelMicrons = SafetyLimits.crossCheckTravelUm(resolutionMicrons);
    }

    /** A new syringe: nothing is judged of it yet. */
    void newSyringe() {
        discard();
        judged = false;
        lastRatio = Double.NaN;
        pooledMeasuredUl = 0;
        pooledExpectedUl = 0;
        pooledVarianceUl2 = 0;
        pooledOpenings = 0;
        pooledWindows = 0;
        sumRatio = 0;
        sumRatioSquared = 0;
    }

    /** A window of this syringe has been judged (priming goes on until one has). */
    boolean judged() {
        return judged;
    }

    /** The window no longer means what it measures: start again at the next settled reading. */
    void discard() {
        open = false;
        expectedUl = 0;
        openings = 0;
    }

    /** An opening of {@code micros} (priming or a shot) with the syringe {@code fill} full. */
    void opened(long micros, double fill) {
        if (!open) {
            return;   // no settled reading before it: this shot cannot be measured from a start
        }
        expectedUl += flowUlPerMs * SyringeConfig.flowFactor(flowDropEmpty, fill) * micros / 1000.0 + offsetUl;
        openings++;
    }

    /**
     * A settled reading: opens a window, or judges the one open.
     *
     * @return null when they agree (or nothing is judged yet); {@link FaultCode#SYRINGE_MISMATCH}
     *         when the plunger and the calibration disagree beyond the tolerance; {@link
     *         FaultCode#DOSE_NOT_DELIVERED} when almost nothing left the syringe (an occlusion, a
     *         valve stuck closed: no syringe type explains that)
     */
    FaultCode settled(double microns, double micronsPerUl) {
        return settled(microns, micronsPerUl, SafetyLimits.PLUNGER_NOISE_UM * SafetyLimits.PLUNGER_NOISE_UM);
    }

    /**
     * As {@link #settled(double, double)}, with the variance of one settled reading in µm² (its
     * quantisation and noise, stated or observed, whichever is larger): what the pooled ratio's
     * confidence is computed from.
     */
    FaultCode settled(double microns, double micronsPerUl, double readingVarianceUm2) {
        if (!open || openings == 0) {
            open = true;
            startMicrons = microns;
            expectedUl = 0;
            openings = 0;
            return null;
        }
        double travel = microns - startMicrons;
        if (travel < minTravelMicrons && openings < SafetyLimits.FLOW_CROSS_CHECK_MAX_OPENINGS) {
            return null;
        }
        double measuredUl = travel / micronsPerUl;
        double windowExpectedUl = expectedUl;
        int windowOpenings = openings;
        lastRatio = expectedUl > 0 ? measuredUl / expectedUl : Double.NaN;
        startMicrons = microns;
        expectedUl = 0;
        openings = 0;
        judged = true;
        if (Math.abs(lastRatio - 1) <= SafetyLimits.FLOW_CROSS_CHECK_TOLERANCE) {
            pooledMeasuredUl += measuredUl;
            pooledExpectedUl += windowExpectedUl;
            // Two readings per window; chained windows share one, so this errs on the wide side.
            pooledVarianceUl2 += 2 * readingVarianceUm2 / (micronsPerUl * micronsPerUl);
            pooledOpenings += windowOpenings;
            pooledWindows++;
            sumRatio += lastRatio;
            sumRatioSquared += lastRatio * lastRatio;
            // Pooled, the ratio is read ever more precisely: once it is surely beyond the pooled
            // tolerance, the bore (or the calibration) is off by more than ten points can carry.
            double r = pooledRatio();
            double k = pooledThreeSigma();
            double tol = SafetyLimits.FLOW_CROSS_CHECK_POOLED_TOLERANCE;
            return r * (1 + k) < 1 - tol || r * (1 - k) > 1 + tol ? FaultCode.SYRINGE_MISMATCH : null;
        }
        return lastRatio < NOTHING_DELIVERED ? FaultCode.DOSE_NOT_DELIVERED : FaultCode.SYRINGE_MISMATCH;
    }

    /**
     * SR-5: measured over expected, pooled over every agreeing window of this syringe, less three
     * of its σ (NaN before one). The reservoir of a part-used syringe is its volume less a long
     * travel from the full mark: a ratio off by 2 % there is 180 µL on a 5 % full 10 mL syringe,
     * twice the reserve. So the reservoir is judged on the ratio's lower bound: its 3σ, wide after
     * priming (about 4 %) and narrowing as the syringe drains, and the scale's own accuracy, which
     * may hide part of a wider bore (a single fault: the bore off, the scale within its accuracy).
     */
    double lowerRatio() {
        double ratio = pooledRatio();
        return Double.isNaN(ratio) ? ratio
                : ratio * (1 - pooledThreeSigma()) / (1 + SafetyLimits.FLOW_CALIBRATION_ACCURACY);
    }

    /**
     * Three σ of the pooled ratio, as a share of it: the larger of the model (the readings'
     * variance over the pooled volume, the stated shot noise over the openings) and, from three
     * windows, the scatter of their ratios (a sensor noisier than stated shows there).
     */
    private double pooledThreeSigma() {
        double relVariance = pooledVarianceUl2 / (pooledMeasuredUl * pooledMeasuredUl)
                + SafetyLimits.SHOT_NOISE_CV * SafetyLimits.SHOT_NOISE_CV / Math.max(1, pooledOpenings);
        if (pooledWindows >= 3) {
            double n = pooledWindows;
            double ratio = pooledRatio();
            double scatter = Math.max(0, (sumRatioSquared - sumRatio * sumRatio / n) / (n - 1)) / n;
            relVariance = Math.max(relVariance, scatter / (ratio * ratio));
        }
        return 3 * Math.sqrt(relVariance);
    }

    /**
     * SR-9: what plunger volumes are multiplied by: 1 while the pooled disagreement is within the
     * scale's accuracy (or nothing is pooled yet), else halfway to the scale for the part beyond it
     * (see {@code SafetyMonitor.plungerCorrection}).
     */
    double plungerCorrection() {
        double r = pooledRatio();
        if (Double.isNaN(r)) {
            return 1;
        }
        double beyond = Math.abs(Math.log(r)) - Math.log(1 + SafetyLimits.FLOW_CALIBRATION_ACCURACY);
        return beyond <= 0 ? 1 : Math.exp(-Math.signum(Math.log(r)) * beyond / 2);
    }

    /** Measured over expected, pooled over every agreeing window of this syringe (NaN before one). */
    double pooledRatio() {
        if (pooledWindows == 0 || pooledMeasuredUl <= 0 || pooledExpectedUl <= 0) {
            return Double.NaN;
        }
        return pooledMeasuredUl / pooledExpectedUl;
    }

    /** Measured over expected at the last judged window (NaN before one): what the alarm reports. */
    double lastRatio() {
        return lastRatio;
    }
}
