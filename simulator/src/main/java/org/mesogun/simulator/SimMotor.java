package org.mesogun.simulator;

/**
 * The physical carriage: a stepper on a lead screw that follows a step only when it can. A step
 * is lost when the motor is overdriven (faster than it can pull in from rest or hold at speed,
 * or accelerated harder than its torque allows), unpowered, stalled, blocked, or against a
 * mechanical end — and nothing but the encoder and the switches can tell.
 */
final class SimMotor {

    private final SimSpec spec;
    private final double stepsPerMm;
    private final long homeHardStopSteps;
    private final long farStopSteps;

    private long trueSteps;
    private final long powerOnSteps;
    private boolean energised;
    private boolean powered = true;
    private boolean stalled;
    private long blockAtSteps = Long.MAX_VALUE;
    private int stepsToLose;
    private long lostSteps;
    private long lastStepAt = Long.MIN_VALUE / 2;
    private double lastRate;
    private int lastDir;
    private SimTruthRecorder truth;

    SimMotor(SimSpec spec) {
        this.spec = spec;
        this.stepsPerMm = spec.trueStepsPerMm;
        this.homeHardStopSteps = Math.round(spec.homeHardStopMm * stepsPerMm);
        this.farStopSteps = Math.round((spec.trueZeroMm + spec.mechanicalStopPastZeroMm) * stepsPerMm);
        this.trueSteps = Math.round(spec.initialMm * stepsPerMm);
        this.powerOnSteps = trueSteps;
    }

    void attach(SimTruthRecorder recorder) {
        this.truth = recorder;
    }

    void step(int dir, double rate, long at) {
        // A reversal is a stop and a start: it must be within the pull-in rate, like a start.
        boolean fromRest = dir != lastDir || at - lastStepAt > 2 * Math.round(1e9 / Math.max(rate, 1));
        double accel = fromRest ? 0 : Math.abs(rate - lastRate) / ((at - lastStepAt) / 1e9);
        lastStepAt = at;
        lastRate = rate;
        lastDir = dir;
        if (!follows(dir, rate, fromRest, accel)) {
            lostSteps++;
            return;
        }
        trueSteps += dir;
        if (truth != null) {
            truth.carriageMoved(at);
        }
    }

    private boolean follows(int dir, double rate, boolean fromRest, double accel) {
        if (!energised || !powered || stalled) {
            return false;
        }
        if (fromRest ? rate > spec.pullInRateStepsPerS : rate > spec.pullOutRateStepsPerS) {
            return false;
        }
        if (accel > spec.maxAccelStepsPerS2 * 1.001) {
            return false;
        }
        long next = trueSteps + dir;
        if (next < homeHardStopSteps || next > farStopSteps) {
            return false;
        }
        if (dir > 0 && next > blockAtSteps) {
            return false;
        }
        if (stepsToLose > 0) {
            // Every other step slips while the fault lasts, as a worn coupling would.
            stepsToLose--;
            return (stepsToLose & 1) == 0;
        }
        return true;
    }

    void setEnergised(boolean on) {
        energised = on;
    }

    void powerLoss() {
        powered = false;
    }

    void stall(boolean on) {
        stalled = on;
    }

    void block(boolean on) {
        blockAtSteps = on ? trueSteps + Math.round(spec.blockAheadMm * stepsPerMm) : Long.MAX_VALUE;
    }

    void loseSteps(int count) {
        stepsToLose = 2 * count;
    }

    long trueSteps() {
        return trueSteps;
    }

    double trueMm() {
        return trueSteps / stepsPerMm;
    }

    /** Tip depth past the skin plane; negative while the tip is inside the nose cone. */
    double tipDepthMm() {
        return trueMm() - spec.trueZeroMm;
    }

    long encoderSteps() {
        return trueSteps - powerOnSteps;
    }

    long lostSteps() {
        return lostSteps;
    }
}
