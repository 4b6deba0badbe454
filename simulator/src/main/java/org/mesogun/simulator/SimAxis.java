package org.mesogun.simulator;

import org.mesogun.hal.DeviceClosedException;
import org.mesogun.hal.MotionProfile;
import org.mesogun.hal.NanoClock;
import org.mesogun.hal.NeedleAxis;
import org.mesogun.hal.motion.StepPlanner;

/**
 * The step generator as the controller sees it (the same {@link StepPlanner} as the board's),
 * emitting steps in virtual time into the {@link SimMotor}, which decides whether each one
 * really moves the carriage.
 */
final class SimAxis implements NeedleAxis {

    private final NanoClock clock;
    private final SimMotor motor;
    private final StepPlanner planner = new StepPlanner(0);
    private long nextStepAt = -1;
    private boolean enabled;
    private boolean closed;

    SimAxis(NanoClock clock, SimMotor motor) {
        this.clock = clock;
        this.motor = motor;
    }

    /** Emits every step due up to {@code t}. */
    void advanceTo(long t) {
        while (nextStepAt >= 0 && nextStepAt <= t) {
            long at = nextStepAt;
            int dir = planner.stepDirection();
            double rate = planner.rate();
            planner.commitStep();
            motor.step(dir, rate, at);
            schedule(at);
        }
    }

    private void schedule(long from) {
        long interval = planner.planNextStep();
        nextStepAt = interval < 0 ? -1 : from + interval;
    }

    @Override
    public void enable(boolean on) {
        if (closed && on) {
            throw new DeviceClosedException("needle axis");
        }
        if (!on) {
            halt();
        }
        enabled = on;
        motor.setEnergised(on);
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void moveTo(long targetSteps, MotionProfile profile) {
        if (!enabled || closed) {
            return;
        }
        planner.moveTo(targetSteps, profile);
        if (nextStepAt < 0) {
            schedule(clock.nanoTime());
        }
    }

    @Override
    public void stop() {
        planner.stop();
    }

    @Override
    public void halt() {
        planner.halt();
        nextStepAt = -1;
    }

    @Override
    public long position() {
        return planner.position();
    }

    @Override
    public long target() {
        return planner.target();
    }

    @Override
    public boolean isMoving() {
        return nextStepAt >= 0;
    }

    @Override
    public void setPosition(long steps) {
        planner.setPosition(steps);
        nextStepAt = -1;
    }

    @Override
    public String safeState() {
        return "no steps, driver disabled (the lead screw holds the carriage)";
    }

    @Override
    public void goSafe() {
        halt();
        enabled = false;
        motor.setEnergised(false);
    }

    @Override
    public void close() {
        goSafe();
        closed = true;
    }
}
