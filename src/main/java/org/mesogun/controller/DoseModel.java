package org.mesogun.controller;

/**
 * Closed-loop dosing: the valve time for a dose is the calibrated time scaled by a gain that
 * follows what the plunger sensor measured on earlier shots (a draining syringe and a thicker
 * product deliver less per ms). The gain moves a fraction of the way per shot so one noisy reading
 * cannot swing the next shot, and it is bounded so a bad reading cannot double a dose (the safety
 * monitor bounds the open time independently). Without a sensor the gain stays 1: open loop.
 */
public final class DoseModel {

    static final double ALPHA = 0.2;
    static final double MIN_ALPHA = 0.05;
    /** One shot measured to this share of its dose (σ) teaches at the full {@link #ALPHA}. */
    static final double PRECISE_CV = 0.02;
    static final double MIN_GAIN = 0.7;
    static final double MAX_GAIN = 1.4;

    private final double flowUlPerMs;
    private final double offsetUl;
    private final boolean closedLoop;
    private double gain = 1.0;

    public DoseModel(double flowUlPerMs, double offsetUl, boolean closedLoop) {
        this.flowUlPerMs = flowUlPerMs;
        this.offsetUl = offsetUl;
        this.closedLoop = closedLoop;
    }

    /** Valve time in µs to deliver {@code ul} from a full syringe. */
    public long openMicros(double ul) {
        return openMicros(ul, 1);
    }

    /**
     * Valve time in µs to deliver {@code ul} with the flow at {@code flowFactor} of a full
     * syringe's (it drains: requirements §2); the gain then learns only what that does not explain.
     */
    public long openMicros(double ul, double flowFactor) {
        // The stretch over the calibrated time stays within the gain's bounds whatever the fill
        // says: the monitor allows 1.45 x the calibrated time and no more (SR-2).
        double stretch = Math.max(MIN_GAIN, Math.min(MAX_GAIN, gain / Math.max(1e-3, flowFactor)));
        double ms = Math.max(0, ul - offsetUl) / flowUlPerMs * stretch;
        return Math.max(1, Math.round(ms * 1000));
    }

    /**
     * What an opening of {@code micros} delivers by the calibration and what the gain has learnt,
     * with the flow at {@code flowFactor} of a full syringe's: the inverse of {@link #openMicros}.
     */
    public double expectedUl(long micros, double flowFactor) {
        return micros / 1000.0 * flowUlPerMs * flowFactor / gain + offsetUl;
    }

    /**
     * Learns from one shot: {@code micros} of valve time delivered {@code measuredUl}, measured
     * with a σ of {@code sigmaUl}. The gain moves {@link #step} of the way: a noisy measurement of a
     * small dose moved it further per shot than the dose's own error, and its wander over ten
     * points (√(α/(2−α)) × the noise) added to a bore just inside the cross-check took the mean
     * past 10 % (world search seed 6029443269169048327).
     */
    public void learn(long micros, double targetUl, double measuredUl, double sigmaUl) {
        if (!closedLoop || measuredUl <= 0 || targetUl <= 0) {
            return;
        }
        double wanted = gain * targetUl / measuredUl;
        gain += step(targetUl, sigmaUl) * (wanted - gain);
        gain = Math.max(MIN_GAIN, Math.min(MAX_GAIN, gain));
    }

    /**
     * The share of the way the gain moves per shot: {@link #ALPHA} while one shot is measured to
     * {@link #PRECISE_CV} of its dose, less by the square of how much worse it is (so the gain's
     * wander stays the same), never under {@link #MIN_ALPHA} (it still follows a draining syringe,
     * a fifth over hundreds of shots).
     */
    static double step(double targetUl, double sigmaUl) {
        if (sigmaUl <= 0) {
            return ALPHA;
        }
        double share = PRECISE_CV * targetUl / sigmaUl;
        return Math.max(MIN_ALPHA, Math.min(ALPHA, ALPHA * share * share));
    }

    /**
     * A new syringe: its flow follows from its fill (the plunger's position) and the calibration,
     * so the correction learnt on the old one no longer applies.
     */
    public void newSyringe() {
        gain = 1.0;
    }

    public double gain() {
        return gain;
    }

    public boolean closedLoop() {
        return closedLoop;
    }
}
