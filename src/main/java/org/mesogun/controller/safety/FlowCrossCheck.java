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
    /** The last window of this syringe that agreed (NaN before one): what the reservoir is scaled by. */
    private double agreedRatio = Double.NaN;
    private boolean judged;

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
        agreedRatio = Double.NaN;
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
        lastRatio = expectedUl > 0 ? measuredUl / expectedUl : Double.NaN;
        startMicrons = microns;
        expectedUl = 0;
        openings = 0;
        judged = true;
        if (Math.abs(lastRatio - 1) <= SafetyLimits.FLOW_CROSS_CHECK_TOLERANCE) {
            agreedRatio = lastRatio;
            return null;
        }
        return lastRatio < NOTHING_DELIVERED ? FaultCode.DOSE_NOT_DELIVERED : FaultCode.SYRINGE_MISMATCH;
    }

    /** Measured over expected at the last window that agreed, on this syringe (NaN before one). */
    double agreedRatio() {
        return agreedRatio;
    }

    /** Measured over expected at the last judged window (NaN before one): what the alarm reports. */
    double lastRatio() {
        return lastRatio;
    }
}
