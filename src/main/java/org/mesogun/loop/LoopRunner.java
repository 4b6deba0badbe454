package org.mesogun.loop;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.mesogun.hal.NanoClock;

/**
 * Drives a {@link LoopWork} in real time on its own thread, {@code mesogun-loop} (Agrona's
 * {@code AgentRunner}), with a {@link Watchdog} beside it.
 *
 * <p><b>Timing.</b> Deadlines are absolute, {@code first + k·period}, so lateness never
 * accumulates into drift. The thread parks until {@code spinMargin} before each deadline and spins
 * the rest (requirements §11: parking alone is as late as the scheduler's wake-up). Each tick's lateness
 * goes into a preallocated histogram. A tick that wakes a period or more late is an overrun; the
 * deadlines it missed are skipped and counted, never run back to back — a burst of catch-up ticks
 * would act on stale time.
 *
 * <p><b>Steady state</b> neither allocates nor blocks: counters are single-writer atomics, the
 * histogram is fixed-size, and readers ({@link #snapshot()}) never lock the loop.
 *
 * <p><b>Failure is latched.</b> An exception out of {@code onStart} or {@code tick} makes the
 * outputs safe at once, is kept ({@link #failure()}) and logged, and ends the loop for good.
 *
 * <p><b>Non-daemon thread</b>: the JVM must not end while the loop may be driving outputs; a
 * daemon thread would simply vanish at exit without {@code onStop} or {@code makeSafe}. So the
 * loop ends only through {@link #stop()} (e.g. from the SIGTERM shutdown hook, SR-11), a failure,
 * or an interrupt, and every one of those ends in {@code makeSafe}.
 */
public final class LoopRunner {

    private static final System.Logger LOG = System.getLogger(LoopRunner.class.getName());
    private static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(2);

    private final LoopWork work;
    private final LoopConfig config;
    private final NanoClock clock = NanoClock.SYSTEM;
    private final Watchdog watchdog;
    private final WakeLatency latency = new WakeLatency();

    // Written by the loop thread only (lazySet: ordered, no fence), read by anyone.
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong overruns = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    private volatile boolean running;
    private volatile boolean started;
    private volatile Thread thread;
    private volatile Throwable failure;
    private volatile String realtimeResult = "realtime: not started";

    public LoopRunner(LoopWork work) {
        this(work, LoopConfig.defaults(), null);
    }

    public LoopRunner(LoopWork work, LoopConfig config) {
        this(work, config, null);
    }

    /**
     * @param feed called on the loop thread after each healthy tick (see {@link Watchdog}), or null;
     *             it must be as quick and allocation-free as a tick
     */
    public LoopRunner(LoopWork work, LoopConfig config, Runnable feed) {
        if (work == null || config == null) {
            throw new IllegalArgumentException("work and config are required");
        }
        this.work = work;
        this.config = config;
        this.watchdog = new Watchdog(work, config.watchdogLimitNanos(), config.watchdogCheckNanos(), clock, feed);
    }

    /** Starts the watchdog, then the loop. Once only: a stopped loop is not restarted. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("loop already started");
        }
        started = true;
        running = true;
        watchdog.start();
        Thread t = new Thread(this::run, "mesogun-loop");
        t.setDaemon(false);
        thread = t;
        t.start();
    }

    /** Stops and joins the loop (up to 2 s), then the watchdog; see {@link #stop(Duration)}. */
    public boolean stop() {
        return stop(DEFAULT_STOP_TIMEOUT);
    }

    /**
     * Asks the loop to end after its current tick and waits for it ({@code onStop}, then
     * {@code makeSafe}, run on the loop thread).
     *
     * @return false if the loop did not end in time — a tick is stuck; the outputs are then made
     *         safe from this thread, and the watchdog is left running
     */
    public boolean stop(Duration timeout) {
        running = false;
        Thread t = thread;
        if (t == null) {
            return true;
        }
        if (t == Thread.currentThread()) {
            return true; // asked by the work itself: the loop ends after this tick
        }
        LockSupport.unpark(t);
        boolean interrupted = false;
        try {
            t.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            interrupted = true;
        }
        boolean ended = !t.isAlive();
        if (ended) {
            try {
                watchdog.stop();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        } else {
            LOG.log(System.Logger.Level.ERROR, "loop did not stop within " + timeout + "; making outputs safe");
            work.makeSafe();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return ended;
    }

    /** True from {@link #start()} until the loop thread has finished. */
    public boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** Ticks so far; a plain read, cheap enough to poll. */
    public long ticks() {
        return ticks.get();
    }

    /** Counters and latency percentiles since start; any thread but the loop's, never blocks it. */
    public LoopStats snapshot() {
        return latency.snapshot(ticks.get(), overruns.get(), skipped.get());
    }

    /** What ended the loop, if it failed. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    public Watchdog watchdog() {
        return watchdog;
    }

    public LoopConfig config() {
        return config;
    }

    /** What the OS said to the real-time request, once the loop thread has started. */
    public String realtimeResult() {
        return realtimeResult;
    }

    /** The loop thread's Java id (for ThreadMXBean), or -1 before start. */
    public long loopThreadId() {
        Thread t = thread;
        return t == null ? -1 : t.getId();
    }

    private void run() {
        realtimeResult = RealtimeThreads.applyToCurrentThread(config.realtimePriority(), config.cpu());
        Throwable cause = null;
        try {
            work.onStart(clock.nanoTime());
            long start = clock.nanoTime();
            watchdog.arm(start);
            loop(start + config.periodNanos());
        } catch (Throwable t) {
            cause = t;
        } finally {
            watchdog.disarm();
            end(cause);
        }
    }

    private void loop(long firstDeadline) {
        final long period = config.periodNanos();
        long deadline = firstDeadline;
        while (running) {
            long now = awaitDeadline(deadline);
            if (!running) {
                break;
            }
            long late = now - deadline;
            latency.record(late);
            if (late >= period) {
                long missed = late / period;
                overruns.lazySet(overruns.get() + 1);
                skipped.lazySet(skipped.get() + missed);
                deadline += missed * period;
            }
            work.tick(now);
            ticks.lazySet(ticks.get() + 1);
            watchdog.beat(clock.nanoTime());
            deadline += period;
        }
    }

    /** Park until spinMargin before the deadline, then spin; returns the time woken. */
    private long awaitDeadline(long deadline) {
        final long parkUntil = deadline - config.spinMarginNanos();
        long now = clock.nanoTime();
        while (now < parkUntil && running) {
            LockSupport.parkNanos(parkUntil - now);
            if (Thread.interrupted()) {
                // Nobody should interrupt the loop; take it as a request to stop rather than
                // spinning through every park from now on.
                running = false;
            }
            now = clock.nanoTime();
        }
        while (now < deadline && running) {
            Thread.onSpinWait();
            now = clock.nanoTime();
        }
        return now;
    }

    /** Last thing the loop thread does: safe at once on failure, orderly then safe otherwise. */
    private void end(Throwable cause) {
        running = false;
        if (cause != null) {
            failure = cause;
            safely(work::makeSafe, cause);
            LOG.log(System.Logger.Level.ERROR, "loop stopped by a failure; outputs made safe", cause);
        }
        safely(work::onStop, cause);
        if (cause == null) {
            safely(work::makeSafe, null);
        }
    }

    private void safely(Runnable step, Throwable cause) {
        try {
            step.run();
        } catch (Throwable t) {
            if (cause != null) {
                cause.addSuppressed(t);
            } else if (failure == null) {
                failure = t;
            }
            LOG.log(System.Logger.Level.ERROR, "error while ending the loop", t);
        }
    }
}
