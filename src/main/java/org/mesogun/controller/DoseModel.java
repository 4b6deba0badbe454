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

    /** Valve time in µs to deliver {@code ul}. */
    public long openMicros(double ul) {
        double ms = Math.max(0, ul - offsetUl) / flowUlPerMs * gain;
        return Math.max(1, Math.round(ms * 1000));
    }

    /** Learns from one shot: {@code micros} of valve time delivered {@code measuredUl}. */
    public void learn(long micros, double targetUl, double measuredUl) {
        if (!closedLoop || measuredUl <= 0 || targetUl <= 0) {
            return;
        }
        double wanted = gain * targetUl / measuredUl;
        gain += ALPHA * (wanted - gain);
        gain = Math.max(MIN_GAIN, Math.min(MAX_GAIN, gain));
    }

    /**
     * A new syringe: full, it flows as it did when the flow was calibrated, so the correction
     * learnt while the old one drained no longer applies (it would over-dose by as much).
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
