package org.mesogun.hal.motion;

import org.mesogun.hal.MotionProfile;

/**
 * Plans a trapezoidal step train one step at a time, so the same code drives a GPIO step thread
 * and the simulator's motor. Velocity stepping: each step changes the rate by at most
 * accel × (the longer of the two intervals around it), so no pair of consecutive steps ever
 * implies more than the profile's acceleration, and no interval is shorter than 1/max rate.
 *
 * <p>Use: {@link #planNextStep()} gives the delay before the next step (or -1 when done), the
 * caller waits it, emits the step in {@link #stepDirection()} and calls {@link #commitStep()}.
 * Not thread-safe; the owner serialises calls. Allocation-free.
 */
public final class StepPlanner {

    private long position;
    private long target;
    private int direction;     // direction of travel, 0 at rest
    private double rate;       // steps/s of the planned step
    private double maxRate = 1;
    private double accel = 1;
    private double startRate = 1;
    private boolean pending;
    /** Reversing a move in progress: its old target, which the deceleration must not pass. */
    private boolean reversing;
    private long reverseAt;

    public StepPlanner(long position) {
        this.position = position;
        this.target = position;
    }

    /** Re-targets; a move in the other direction decelerates to a stop first. */
    public void moveTo(long newTarget, MotionProfile profile) {
        if (direction != 0 && !reversing && Long.signum(newTarget - position) != direction) {
            // A reversal: decelerate, but never past where the current move was going to stop
            // (its target was checked, e.g. against the depth limit; a re-planned ramp was not).
            reversing = true;
            reverseAt = target;
        }
        target = newTarget;
        maxRate = profile.maxRateStepsPerS();
        accel = profile.accelStepsPerS2();
        // The rate a motor can start from and stop at within one step at this acceleration.
        startRate = Math.min(maxRate, Math.sqrt(2 * accel));
    }

    /** Decelerates to a stop at the profile's rate: the target becomes the stopping point. */
    public void stop() {
        if (direction == 0) {
            target = position;
            return;
        }
        long stopping = (long) Math.ceil(stoppingDistance());
        target = position + (long) direction * stopping;
    }

    /** No more steps, from any speed. */
    public void halt() {
        target = position;
        direction = 0;
        rate = 0;
        pending = false;
        reversing = false;
    }

    /**
     * Plans the next step and returns its delay after the previous one in nanoseconds, or -1 when
     * the carriage has arrived. Calling it again before {@link #commitStep()} returns the same plan.
     */
    public long planNextStep() {
        if (pending) {
            return intervalNanos();
        }
        if (direction == 0) {
            if (position == target) {
                return -1;
            }
            direction = target > position ? 1 : -1;
            rate = startRate;
        } else {
            long remaining = (target - position) * direction;
            if (remaining == 0) {
                reversing = false;
                // Velocity stepping decelerates a hair slower than the continuous ramp, so the
                // rate here is at most a little above the start rate: the motor stops from it.
                direction = 0;
                rate = 0;
                return -1;
            }
            if (remaining < 0 && reversing && position == reverseAt) {
                // At the old target: stop there, as the old move would have, and turn back.
                direction = -direction;
                rate = startRate;
                reversing = false;
            } else if (remaining <= 0 || remaining <= stoppingDistance()) {
                if (rate <= startRate) {
                    if (remaining < 0) {
                        direction = -direction;
                        reversing = false;
                    }
                    rate = startRate;
                } else {
                    rate = Math.max(startRate, rate - accel / rate);
                }
            } else if (rate < maxRate) {
                // v' such that (v' - v) = accel / v': the gain is bounded by the new interval.
                rate = Math.min(maxRate, (rate + Math.sqrt(rate * rate + 4 * accel)) / 2);
            } else if (rate > maxRate) {
                rate = Math.max(maxRate, rate - accel / rate);
            }
        }
        pending = true;
        return intervalNanos();
    }

    /** The planned step was emitted. */
    public void commitStep() {
        if (pending) {
            position += direction;
            pending = false;
        }
    }

    /** Direction of the planned step: +1 towards the skin, -1 back, 0 at rest. */
    public int stepDirection() {
        return direction;
    }

    public long position() {
        return position;
    }

    public long target() {
        return target;
    }

    public boolean isMoving() {
        return direction != 0 || position != target;
    }

    /** Current step rate in steps/s (0 at rest). */
    public double rate() {
        return rate;
    }

    public void setPosition(long steps) {
        position = steps;
        target = steps;
        direction = 0;
        rate = 0;
        pending = false;
        reversing = false;
    }

    private double stoppingDistance() {
        return Math.max(0, (rate * rate - startRate * startRate) / (2 * accel));
    }

    private long intervalNanos() {
        // Rounded up, so an interval is never shorter than 1/max rate.
        return Math.max(1, (long) Math.ceil(1e9 / rate));
    }
}
