package org.mesogun.controller.safety;

import org.mesogun.controller.Inputs;

/**
 * SR-5 and SR-9 from the plunger sensor: how much has left the syringe (in the session, in all),
 * product moving with the valve closed (a valve stuck open), and readings that jump further than
 * any flow could move the plunger in one tick (a sensor fault). Without a sensor, volumes are
 * estimated from valve time and the calibrated flow (open loop).
 */
public final class PlungerWatch {

    /** Quiet ticks after a pulse before the leak baseline is taken: the valve's close delay. */
    private static final int SETTLE_TICKS = 10;
    private static final int BASELINE_TICKS = 5;
    private static final int LEAK_TICKS = 3;
    private static final int BACK_TICKS = 2;

    private final boolean present;
    private final double resolutionMicrons;
    private double micronsPerUl;
    private final double leakMicrons;
    private final double jumpMicrons;
    private final double noiseMicrons;
    private double noisyScore;

    private double volumeUl;
    /** What the syringe held when it went in: its volume less the plunger's travel from full. */
    private double atLoadUl;
    private double loadMicrons;
    private boolean settled;
    /**
     * At least 1: what the plunger's travel is multiplied by for volumes the reservoir is judged on,
     * from the cross-check's last window (see {@link #volumeScale(double)}).
     */
    private double volumeScale = 1;
    private double sessionMicrons;
    private double estimateUl;
    private double sessionCarryUl;
    private boolean rebase = true;
    private boolean paused;
    private double sessionEstimateUl;
    private double last;
    private boolean haveLast;
    private int quietTicks;
    private double baseSum;
    private double baseSquares;
    // The readings' scatter about each settled baseline of this syringe, pooled (see readingVariance).
    private double scatterSum;
    private int scatterDegrees;
    private double base;
    private int leakTicks;
    private int backTicks;

    public PlungerWatch(boolean present, double micronsPerUl, double resolutionMicrons, double volumeUl) {
        this.present = present;
        this.resolutionMicrons = resolutionMicrons;
        this.micronsPerUl = micronsPerUl;
        // Far above the noise of one reading (σ a few µm) and its quantisation, far below a leak.
        this.leakMicrons = Math.max(15, 3 * resolutionMicrons);
        this.jumpMicrons = Math.max(100, 20 * resolutionMicrons);
        this.noiseMicrons = Math.max(40, 8 * resolutionMicrons);
        this.volumeUl = volumeUl;
        this.atLoadUl = volumeUl;
    }

    /** The syringe is coming out: readings mean nothing until the new one is in. */
    void syringeRemoved() {
        if (!paused) {
            sessionCarryUl = sessionDeliveredUl();
            paused = true;
        }
    }

    boolean paused() {
        return paused;
    }

    /**
     * A new syringe is in: the plunger reading starts again from wherever the new one sits, so
     * the next reading is the new base, and it says how full the syringe is (never assumed full:
     * SR-5); what the session had delivered from the old one is kept. {@code micronsPerUl} is the
     * bore of the type the clinician picked.
     */
    void syringeLoaded(double volume) {
        syringeLoaded(volume, micronsPerUl);
    }

    void syringeLoaded(double volume, double micronsPerUl) {
        if (!paused) {
            sessionCarryUl = sessionDeliveredUl();
        }
        paused = false;
        volumeUl = volume;
        atLoadUl = volume;   // until the first reading says how full (with a sensor)
        this.micronsPerUl = micronsPerUl;
        volumeScale = 1;
        scatterSum = 0;
        scatterDegrees = 0;
        estimateUl = 0;
        sessionEstimateUl = 0;
        haveLast = false;
        rebase = true;
        // The leak baseline was the old syringe's: the new one's is taken afresh once it is quiet,
        // or its first readings would look like a leak (ahead) or a sensor fault (behind).
        quietTicks = 0;
        leakTicks = 0;
        backTicks = 0;
    }

    void beginSession() {
        sessionCarryUl = 0;
        sessionMicrons = last;
        sessionEstimateUl = 0;
    }

    /** Priming within a suspended session is not dose: the session counts on from here. */
    void resumeSession() {
        sessionMicrons = last;
    }

    void pulseStarted(long micros, double flowUlPerMs, boolean sessionDose) {
        double ul = micros / 1000.0 * flowUlPerMs;
        estimateUl += ul;
        if (sessionDose) {
            sessionEstimateUl += ul;
        }
        quietTicks = 0;
    }

    void reset() {
        haveLast = false;
        quietTicks = 0;
        leakTicks = 0;
        backTicks = 0;
        noisyScore = 0;
    }

    /** Follows one reading; returns a fault when the sensor or the valve misbehaves. */
    FaultCode observe(Inputs in, boolean valveActive) {
        settled = false;
        if (!present || paused) {
            return null;
        }
        double r = in.plungerMicrons;
        boolean jumped = haveLast && Math.abs(r - last) > jumpMicrons;
        // Successive readings differ by a few µm at rest and by ~6 µm/ms at full flow; frequent
        // differences far above both are a sensor fault, not product moving.
        noisyScore = noisyScore * 0.9 + (haveLast && Math.abs(r - last) > noiseMicrons ? 1 : 0);
        if (noisyScore > 1.5) {
            last = r;
            return FaultCode.SENSOR_IMPLAUSIBLE;
        }
        last = r;
        if (!haveLast) {
            // After a reset (a fault acknowledged) the syringe is the same: only a load rebases.
            haveLast = true;
            if (rebase) {
                rebase = false;
                loadMicrons = r;
                sessionMicrons = r;
                // The reading is travel from the full mark: what is left is the volume less it.
                atLoadUl = Math.max(0, Math.min(volumeUl, volumeUl - r / micronsPerUl * volumeScale));
            }
        }
        if (jumped) {
            return FaultCode.SENSOR_IMPLAUSIBLE;
        }
        if (valveActive) {
            quietTicks = 0;
            leakTicks = 0;
            return null;
        }
        quietTicks++;
        if (quietTicks <= SETTLE_TICKS) {
            baseSum = 0;
            baseSquares = 0;
            return null;
        }
        if (quietTicks <= SETTLE_TICKS + BASELINE_TICKS) {
            baseSum += r;
            baseSquares += r * r;
            base = baseSum / (quietTicks - SETTLE_TICKS);
            settled = quietTicks == SETTLE_TICKS + BASELINE_TICKS;
            if (settled) {
                scatterSum += Math.max(0, baseSquares - baseSum * base);
                scatterDegrees += BASELINE_TICKS - 1;
            }
            return null;
        }
        // A plunger only moves forward: readings well behind the baseline are the sensor's fault,
        // and noise that large would otherwise pass for a leak.
        backTicks = base - r > leakMicrons ? backTicks + 1 : 0;
        if (backTicks >= BACK_TICKS) {
            return FaultCode.SENSOR_IMPLAUSIBLE;
        }
        leakTicks = r - base > leakMicrons ? leakTicks + 1 : 0;
        return leakTicks >= LEAK_TICKS ? FaultCode.VALVE_LEAK : null;
    }

    public boolean present() {
        return present;
    }

    /** µL delivered since the syringe was loaded. */
    public double deliveredUl() {
        return present ? Math.max(0, (last - loadMicrons) / micronsPerUl * volumeScale) : estimateUl;
    }

    /**
     * SR-5: the cross-check found the plunger reading {@code ratio} of what the calibrated flow
     * says (within its tolerance). Under 1, either the bore is wider than picked (the plunger
     * under-reads) or the calibration is high: the reservoir is then judged on travel scaled up by
     * 1 / ratio, which is right in the first case and errs on the safe side in the second. Over 1,
     * nothing is scaled: the plunger already over-reads, or the calibration is low.
     */
    void volumeScale(double ratio) {
        double scale = ratio > 0 && ratio < 1 ? 1 / ratio : 1;
        if (present && !paused && scale != volumeScale) {
            // The fill at load was read with the old scale: read it again with the new one.
            atLoadUl = Math.max(0, Math.min(volumeUl, volumeUl - loadMicrons / micronsPerUl * scale));
            volumeScale = scale;
        }
    }

    /** What the plunger's travel is multiplied by for the reservoir (at least 1; see {@link #volumeScale(double)}). */
    public double reservoirScale() {
        return volumeScale;
    }

    /** What is left, from where the plunger stood at load (with a sensor) or the volume told. */
    public double remainingUl() {
        return atLoadUl - deliveredUl();
    }

    /** Without a sensor: the fill the clinician read off the syringe at load. */
    void fillTold(double fillUl) {
        if (!present) {
            atLoadUl = Math.max(0, Math.min(volumeUl, fillUl));
        }
    }

    /** What was in the syringe when it went in, as the plunger read it. */
    public double atLoadUl() {
        return atLoadUl;
    }

    /** Remaining over the syringe's volume: what the flow depends on as it drains (requirements §2). */
    public double fill() {
        return volumeUl > 0 ? Math.max(0, remainingUl()) / volumeUl : 0;
    }

    /** This tick's reading completed a settled baseline (valve closed and quiet). */
    boolean settledNow() {
        return settled;
    }

    /**
     * The variance of one settled reading, µm²: its quantisation and its noise, the noise as
     * stated ({@link org.mesogun.config.SafetyLimits#PLUNGER_NOISE_UM}) or as the quiet readings
     * of this syringe scatter, whichever is larger. Not divided by the readings averaged: noise on
     * real hardware need not be independent from one reading to the next.
     */
    public double readingVariance() {
        double stated = org.mesogun.config.SafetyLimits.PLUNGER_NOISE_UM;
        double observed = scatterDegrees > 0 ? scatterSum / scatterDegrees : 0;
        return resolutionMicrons * resolutionMicrons / 12 + Math.max(stated * stated, observed);
    }

    /** The settled baseline: the mean of the quiet readings. */
    double settledMicrons() {
        return base;
    }

    public double sessionDeliveredUl() {
        if (paused) {
            return sessionCarryUl;
        }
        return sessionCarryUl + (present ? Math.max(0, (last - sessionMicrons) / micronsPerUl * volumeScale)
                : sessionEstimateUl);
    }

    public double lastMicrons() {
        return last;
    }

    public double resolutionMicrons() {
        return resolutionMicrons;
    }

    public double micronsPerUl() {
        return micronsPerUl;
    }

    /** SR-9: the dose tolerance is never tighter than this (three σ of one shot's measurement). */
    public double toleranceFloorUl() {
        return present ? org.mesogun.config.SafetyLimits.shotThreeSigmaUl(resolutionMicrons, micronsPerUl) : 0;
    }

    /** SR-9: the smallest dose this sensor verifies within its tolerance; 0 without a sensor. */
    public double smallestVerifiableDoseUl() {
        return present ? org.mesogun.config.SafetyLimits.smallestVerifiableDoseUl(resolutionMicrons, micronsPerUl) : 0;
    }
}
