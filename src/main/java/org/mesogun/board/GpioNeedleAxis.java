package org.mesogun.board;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.mesogun.hal.DeviceClosedException;
import org.mesogun.hal.HardwareFaultException;
import org.mesogun.hal.InvalidHardwareSetupException;
import org.mesogun.hal.MotionProfile;
import org.mesogun.hal.NeedleAxis;
import org.mesogun.hal.motion.StepPlanner;

/**
 * A stepper driver on STEP/DIR/ENABLE lines, driven by a step thread of its own that follows the
 * HAL's {@link StepPlanner}. Every call from the controller returns at once; the thread plans,
 * waits (park, then spin), sets DIR, pulses STEP and commits, so {@link #position()} counts only
 * steps that were really pulsed.
 *
 * <p>All planner state is guarded by one monitor. The thread holds it only to plan and to emit a
 * pulse (a few µs), never while waiting, so {@link #halt()} is never blocked for longer. A
 * generation counter, bumped by halt, setPosition and disable, cancels a plan that is being waited
 * on. Nothing here allocates per step (Pi4J itself allocates one change event per edge).
 *
 * <p>Suitable for the mock platform and slow bench rigs; the production board uses a motion chip
 * (requirements §2).
 */
public final class GpioNeedleAxis implements NeedleAxis {

    private final Context context;
    private final DigitalOutput step;
    private final DigitalOutput dir;
    private final DigitalOutput enable;
    private final BoardSettings settings;
    private final PreciseWait waiter;
    private final Thread thread;

    private final Object lock = new Object();
    private final StepPlanner planner = new StepPlanner(0);
    private final PreciseWait.Generation currentGeneration = () -> this.generation;

    // Guarded by lock; generation is also read (volatile) by the waiting thread.
    private volatile long generation;
    private boolean stepping;
    private boolean enabled;
    private boolean closed;
    private boolean running = true;
    private int dirLevel;               // direction DIR is set for: +1, -1, 0 before the first step
    private long dirChangedAt;
    private long lastStepAt;
    private RuntimeException fault;
    private volatile StepObserver observer;

    // Timing, guarded by lock.
    private long timedSteps;
    private long maxLateness;
    private long sumLateness;

    private GpioNeedleAxis(Context context, DigitalOutput step, DigitalOutput dir, DigitalOutput enable,
                           BoardSettings settings) {
        this.context = context;
        this.step = step;
        this.dir = dir;
        this.enable = enable;
        this.settings = settings;
        this.waiter = new PreciseWait(settings.spinThresholdNanos());
        this.thread = new Thread(this::generate, "mesogun-step-generator");
        thread.setDaemon(true);
        // A hint only: without an RT kernel and isolated core, timing is measured, not promised.
        thread.setPriority(Thread.MAX_PRIORITY);
    }

    /** Claims the three lines (all low: driver disabled) and starts the step thread. */
    public static GpioNeedleAxis create(Context context, int stepBcm, int dirBcm, int enableBcm,
                                        BoardSettings settings) {
        DigitalOutput step = Pins.outputLowWhenSafe(context, "mesogun-step", stepBcm);
        DigitalOutput dir = Pins.outputLowWhenSafe(context, "mesogun-dir", dirBcm);
        DigitalOutput enable = Pins.outputLowWhenSafe(context, "mesogun-enable", enableBcm);
        GpioNeedleAxis axis = new GpioNeedleAxis(context, step, dir, enable, settings);
        axis.thread.start();
        return axis;
    }

    @Override
    public void enable(boolean on) {
        synchronized (lock) {
            if (on) {
                if (closed) {
                    throw new DeviceClosedException("needle axis");
                }
                throwIfFaulted();
            } else {
                haltLocked();
            }
            write(enable, on);
            enabled = on;
        }
    }

    @Override
    public boolean isEnabled() {
        synchronized (lock) {
            return enabled;
        }
    }

    @Override
    public void moveTo(long targetSteps, MotionProfile profile) {
        if (profile.maxRateStepsPerS() > settings.maxStepRateHz()) {
            throw new InvalidHardwareSetupException("a move at " + profile.maxRateStepsPerS()
                    + " steps/s exceeds this board's step thread limit of "
                    + settings.maxStepRateHz() + " steps/s");
        }
        synchronized (lock) {
            throwIfFaulted();
            if (!enabled || closed) {
                return;
            }
            planner.moveTo(targetSteps, profile);
            if (!stepping) {
                stepping = true;
                lock.notifyAll();
            }
        }
    }

    @Override
    public void stop() {
        synchronized (lock) {
            planner.stop();
        }
    }

    @Override
    public void halt() {
        synchronized (lock) {
            haltLocked();
        }
    }

    private void haltLocked() {
        planner.halt();
        cancelPlanLocked();
    }

    private void cancelPlanLocked() {
        generation++;
        stepping = false;
        LockSupport.unpark(thread);
    }

    @Override
    public long position() {
        synchronized (lock) {
            return planner.position();
        }
    }

    @Override
    public long target() {
        synchronized (lock) {
            return planner.target();
        }
    }

    @Override
    public boolean isMoving() {
        synchronized (lock) {
            return stepping;
        }
    }

    @Override
    public void setPosition(long steps) {
        synchronized (lock) {
            planner.setPosition(steps);
            cancelPlanLocked();
        }
    }

    /** Sets (or clears, with null) the hook called after each step. */
    public void setStepObserver(StepObserver observer) {
        this.observer = observer;
    }

    /** Lateness of emitted steps against the plan since the last {@link #resetTiming()}. */
    public StepTiming timing() {
        synchronized (lock) {
            return new StepTiming(timedSteps, maxLateness,
                    timedSteps == 0 ? 0 : (double) sumLateness / timedSteps);
        }
    }

    public void resetTiming() {
        synchronized (lock) {
            timedSteps = 0;
            maxLateness = 0;
            sumLateness = 0;
        }
    }

    @Override
    public String safeState() {
        return "no steps, STEP low, driver disabled (the lead screw holds the carriage)";
    }

    @Override
    public void goSafe() {
        synchronized (lock) {
            haltLocked();
            enabled = false;
            // Both writes are tried even if one fails: each is a separate safety.
            RuntimeException first = null;
            try {
                step.low();
            } catch (RuntimeException e) {
                first = e;
            }
            try {
                enable.low();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
            if (first != null) {
                throw new HardwareFaultException("needle axis could not reach its safe state", first);
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            goSafe();
        } catch (RuntimeException e) {
            log("needle axis safe state on close failed", e);
        }
        synchronized (lock) {
            running = false;
            lock.notifyAll();
        }
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pins.release(context, step);
        Pins.release(context, dir);
        Pins.release(context, enable);
    }

    // ---- the step thread ----

    private void generate() {
        try {
            while (true) {
                long gen;
                long interval;
                long due;
                synchronized (lock) {
                    boolean wasIdle = !stepping;
                    while (running && !stepping) {
                        lock.wait();
                    }
                    if (!running) {
                        return;
                    }
                    if (wasIdle) {
                        // From rest the first step waits a full start interval.
                        lastStepAt = Math.max(lastStepAt, System.nanoTime());
                    }
                    gen = generation;
                    interval = planner.planNextStep();
                    if (interval < 0) {
                        stepping = false;
                        continue;
                    }
                    int direction = planner.stepDirection();
                    if (direction != dirLevel) {
                        // DIR high moves towards the skin.
                        dir.state(direction > 0 ? DigitalState.HIGH : DigitalState.LOW);
                        dirLevel = direction;
                        dirChangedAt = System.nanoTime();
                    }
                    // From the previous step's actual time, never to catch up: lateness can only
                    // lengthen an interval, so the rate never exceeds the plan.
                    due = Math.max(lastStepAt + interval, dirChangedAt + settings.dirSetupNanos());
                }
                if (!waiter.until(due, currentGeneration, gen)) {
                    continue;
                }
                synchronized (lock) {
                    if (generation != gen || !running) {
                        continue;
                    }
                    emitLocked(interval, due);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failSafe(e);
        }
    }

    private void emitLocked(long interval, long due) {
        long at = System.nanoTime();
        step.high();
        PreciseWait.spin(settings.stepPulseNanos());
        step.low();
        planner.commitStep();
        long lateness = at - due;
        timedSteps++;
        sumLateness += lateness;
        maxLateness = Math.max(maxLateness, lateness);
        lastStepAt = at;
        StepObserver o = observer;
        if (o != null) {
            o.stepped(dirLevel, interval, at);
        }
    }

    /** A failed GPIO write on the step thread: stop, disable, and refuse further moves. */
    private void failSafe(RuntimeException e) {
        synchronized (lock) {
            fault = e;
            planner.halt();
            stepping = false;
            enabled = false;
        }
        try {
            step.low();
            enable.low();
        } catch (RuntimeException again) {
            e.addSuppressed(again);
        }
        log("step generator failed; axis disabled", e);
    }

    private void throwIfFaulted() {
        if (fault != null) {
            throw new HardwareFaultException("step generator failed", fault);
        }
    }

    private static void write(DigitalOutput out, boolean high) {
        try {
            out.state(high ? DigitalState.HIGH : DigitalState.LOW);
        } catch (RuntimeException e) {
            throw new HardwareFaultException("cannot write " + out.id(), e);
        }
    }

    private static void log(String message, Throwable e) {
        System.getLogger(GpioNeedleAxis.class.getName()).log(System.Logger.Level.ERROR, message, e);
    }
}
