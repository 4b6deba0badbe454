package org.mesogun.board;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.pwm.Pwm;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.mesogun.hal.DeviceClosedException;
import org.mesogun.hal.DoseValve;
import org.mesogun.hal.HardwareFaultException;
import org.mesogun.hal.ValveDrive;

/**
 * The solenoid valve on a hardware PWM channel, with its dead-man trigger on a digital line.
 *
 * <p>{@link #pulse(long)} energises the coil at once on the caller's thread (100 % for the peak
 * time, then the hold duty) and a valve thread of its own, started with the valve, switches to
 * hold and closes it on time (park, then spin). A late control loop therefore cannot lengthen a
 * dose. Nothing allocates per pulse.
 *
 * <p>The dead-man is a retriggerable monostable in series with the coil's power. Each
 * {@link #armDeadman()} sends it one short high pulse: a rising edge per arming, a line that rests
 * low, and a line stuck at either level arms nothing. This class mirrors it: a pulse is refused
 * when the dead-man is not armed, and ends no later than the dead-man's expiry.
 *
 * <p>Also refused: a pulse that would take the coil over its thermal duty cycle. Refusals are
 * counted ({@link #pulsesRefused()}) so the controller can tell a refused pulse from a lost one.
 */
public final class PwmDoseValve implements DoseValve {

    /** Trigger width for the monostable; 74HC123-class parts need tens of ns. */
    private static final long DEADMAN_TRIGGER_NANOS = 2_000;
    private static final Float FULL = 100f;

    private final Context context;
    private final Pwm pwm;
    private final DigitalOutput deadman;
    private final ValveDrive drive;
    private final long deadmanPeriodMicros;
    private final Float holdPercent;       // boxed once: Pi4J takes a Number
    private final PreciseWait waiter;
    private final Thread thread;

    private final Object lock = new Object();
    private final CoilDutyWindow duty;
    private final PreciseWait.Generation currentGeneration = () -> this.generation;

    // Guarded by lock; generation is also read (volatile) by the waiting valve thread.
    private volatile long generation;
    private boolean open;
    private boolean holding;
    private long onAt;
    private long peakEndAt;
    private long offAt;
    private long deadmanExpiresAt = Long.MIN_VALUE;
    private long pulsesCompleted;
    private long lastPulseMicros;
    private long pulsesRefused;
    private boolean closed;
    private boolean running = true;
    private RuntimeException fault;
    private Runnable timerThreadTask;

    private PwmDoseValve(Context context, Pwm pwm, DigitalOutput deadman, BoardSettings settings) {
        this.context = context;
        this.pwm = pwm;
        this.deadman = deadman;
        this.drive = settings.valveDrive();
        this.deadmanPeriodMicros = settings.deadmanPeriodMicros();
        this.holdPercent = (float) (drive.holdDuty() * 100);
        this.waiter = new PreciseWait(settings.spinThresholdNanos());
        this.duty = new CoilDutyWindow(drive.thermalWindowMicros() * 1000);
        this.thread = new Thread(this::time, "mesogun-valve-timer");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
    }

    /** Claims the PWM channel (off) and the dead-man line (low), and starts the valve thread. */
    public static PwmDoseValve create(Context context, int pwmBcm, int deadmanBcm, BoardSettings settings) {
        Pwm pwm = Pins.pwmOffWhenSafe(context, "mesogun-valve", pwmBcm, settings.valvePwmFrequencyHz());
        DigitalOutput deadman = Pins.outputLowWhenSafe(context, "mesogun-deadman", deadmanBcm);
        PwmDoseValve valve = new PwmDoseValve(context, pwm, deadman, settings);
        valve.thread.start();
        return valve;
    }

    /**
     * Runs {@code task} once on the valve's timer thread, between pulses, e.g. to give that thread
     * real-time priority through the OS (which only a thread can ask for itself). The binding knows
     * no scheduling policy; the service decides.
     */
    public void onTimerThread(Runnable task) {
        synchronized (lock) {
            timerThreadTask = task;
            lock.notifyAll();
        }
    }

    @Override
    public ValveDrive drive() {
        return drive;
    }

    @Override
    public long deadmanPeriodMicros() {
        return deadmanPeriodMicros;
    }

    @Override
    public void armDeadman() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            throwIfFaulted();
            try {
                deadman.high();
                PreciseWait.spin(DEADMAN_TRIGGER_NANOS);
                deadman.low();
            } catch (RuntimeException e) {
                throw new HardwareFaultException("cannot trigger the valve dead-man", e);
            }
            deadmanExpiresAt = System.nanoTime() + deadmanPeriodMicros * 1000;
        }
    }

    @Override
    public void pulse(long durationMicros) {
        synchronized (lock) {
            if (closed) {
                throw new DeviceClosedException("dose valve");
            }
            throwIfFaulted();
            if (open || durationMicros <= 0) {
                return;
            }
            long now = System.nanoTime();
            long durationNanos = durationMicros * 1000;
            // The hardware would not power the coil; don't pretend to open it.
            boolean deadmanDown = now >= deadmanExpiresAt;
            boolean tooHot = duty.onNanosAt(now) + durationNanos
                    > drive.maxDutyCycle() * duty.windowNanos();
            if (deadmanDown || tooHot) {
                pulsesRefused++;
                return;
            }
            holding = drive.peakMicros() == 0;
            try {
                pwm.on(holding ? holdPercent : FULL);
            } catch (RuntimeException e) {
                failSafeLocked(e);
                throw new HardwareFaultException("cannot open the valve", e);
            }
            onAt = System.nanoTime();
            peakEndAt = onAt + drive.peakMicros() * 1000;
            offAt = Math.min(onAt + durationNanos, deadmanExpiresAt);
            open = true;
            generation++;
            lock.notifyAll();
        }
    }

    @Override
    public void shut() {
        synchronized (lock) {
            if (open) {
                finishLocked();
            }
        }
    }

    @Override
    public boolean isOpen() {
        synchronized (lock) {
            return open;
        }
    }

    @Override
    public long pulsesCompleted() {
        synchronized (lock) {
            return pulsesCompleted;
        }
    }

    @Override
    public long lastPulseMicros() {
        synchronized (lock) {
            return lastPulseMicros;
        }
    }

    /** Pulses refused since start-up: dead-man not armed, or the coil's duty cycle would be exceeded. */
    public long pulsesRefused() {
        synchronized (lock) {
            return pulsesRefused;
        }
    }

    @Override
    public double dutyCycle() {
        synchronized (lock) {
            long now = System.nanoTime();
            long onNanos = duty.onNanosAt(now) + (open ? now - onAt : 0);
            return Math.min(1.0, (double) onNanos / duty.windowNanos());
        }
    }

    /**
     * Always true: this board has no coil current sense, so continuity is not measured. A coil
     * fault shows instead as a dose the plunger sensor does not see.
     */
    @Override
    public boolean coilOk() {
        return true;
    }

    @Override
    public String safeState() {
        return "PWM off (coil unpowered, valve closed), dead-man low and not re-armed";
    }

    @Override
    public void goSafe() {
        synchronized (lock) {
            RuntimeException first = null;
            if (open) {
                try {
                    finishLocked();
                } catch (RuntimeException e) {
                    first = e;
                }
            }
            try {
                pwm.off();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
            try {
                deadman.low();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
            // Software mirror of the monostable: no pulse until the next arming.
            deadmanExpiresAt = Math.min(deadmanExpiresAt, System.nanoTime());
            if (first != null) {
                throw new HardwareFaultException("dose valve could not reach its safe state", first);
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
            log("dose valve safe state on close failed", e);
        }
        synchronized (lock) {
            running = false;
            generation++;
            lock.notifyAll();
        }
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pins.release(context, pwm);
        Pins.release(context, deadman);
    }

    /** Coil off now; books the pulse with the time it really was energised. */
    private void finishLocked() {
        open = false;
        holding = false;
        generation++;
        LockSupport.unpark(thread);
        pwm.off();
        long offNow = System.nanoTime();
        long onNanos = offNow - onAt;
        lastPulseMicros = onNanos / 1000;
        pulsesCompleted++;
        duty.add(onAt, onNanos);
    }

    // ---- the valve thread ----

    private void time() {
        try {
            while (true) {
                long gen;
                long wakeAt;
                Runnable task = null;
                synchronized (lock) {
                    while (running && !open && timerThreadTask == null) {
                        lock.wait();
                    }
                    if (!running) {
                        return;
                    }
                    // Never during a pulse: the task may fork a process (chrt) and take milliseconds.
                    if (!open) {
                        task = timerThreadTask;
                        timerThreadTask = null;
                    }
                    gen = generation;
                    wakeAt = holding ? offAt : Math.min(peakEndAt, offAt);
                }
                if (task != null) {
                    runTask(task);
                    continue;
                }
                if (!waiter.until(wakeAt, currentGeneration, gen)) {
                    continue;
                }
                synchronized (lock) {
                    if (generation != gen || !open) {
                        continue;
                    }
                    if (System.nanoTime() >= offAt) {
                        finishLocked();
                    } else if (!holding) {
                        pwm.on(holdPercent);
                        holding = true;
                        generation++;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            synchronized (lock) {
                failSafeLocked(e);
            }
        }
    }

    /** A failing set-up task is not a valve fault: log it and keep timing pulses. */
    private static void runTask(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log("task on the valve timer thread failed", e);
        }
    }

    /** A PWM write failed: try to drop the coil, and refuse every later pulse. */
    private void failSafeLocked(RuntimeException e) {
        fault = e;
        open = false;
        holding = false;
        generation++;
        try {
            pwm.off();
        } catch (RuntimeException again) {
            e.addSuppressed(again);
        }
        log("valve driver failed; valve refuses further pulses", e);
    }

    private void throwIfFaulted() {
        if (fault != null) {
            throw new HardwareFaultException("valve driver failed", fault);
        }
    }

    private static void log(String message, Throwable e) {
        System.getLogger(PwmDoseValve.class.getName()).log(System.Logger.Level.ERROR, message, e);
    }
}
