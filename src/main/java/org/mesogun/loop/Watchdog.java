package org.mesogun.loop;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.mesogun.hal.NanoClock;

/**
 * SR-7: a thread apart from the loop that makes the outputs safe when the loop goes silent.
 *
 * <p>The loop writes a heartbeat (the time it finished a tick) after every tick. Every check
 * interval this thread compares it with the clock; when the loop has been silent for longer than
 * the limit — a tick stuck, or a thread not scheduled — it calls {@link LoopWork#makeSafe()}
 * <em>once per stall</em>, counts the stall and latches {@link #stalled()} for the controller,
 * which turns it into LOOP_STALLED (71) on its next tick.
 *
 * <p>The optional feed (the board's hardware watchdog, later the valve dead-man) is called from
 * the loop thread right after a tick, and only when that tick came within the limit of the
 * previous one and no stall is in progress: a stuck loop never reaches the call, and a loop that
 * has just come back from a stall is not trusted until the watchdog has seen it healthy again.
 *
 * <p>Created and driven by {@link LoopRunner}; only the read side is public, so nothing but the
 * loop can beat or feed.
 */
public final class Watchdog {

    private static final System.Logger LOG = System.getLogger(Watchdog.class.getName());

    private final LoopWork work;
    private final long limitNanos;
    private final long checkNanos;
    private final NanoClock clock;
    private final Runnable feed;

    private final AtomicLong heartbeat = new AtomicLong();
    private volatile boolean armed;
    private volatile boolean running;
    private volatile Thread thread;

    // Written by the watchdog thread only; volatile so the loop and the controller can read them.
    private volatile boolean stallInProgress;
    private volatile long stalls;
    private volatile long lastStallNanos;
    private volatile long maxStallNanos;
    private volatile Throwable makeSafeFailure;
    // Latched until the controller acknowledges it.
    private volatile boolean stalled;

    // Watchdog thread only.
    private long beatAtStallStart;

    Watchdog(LoopWork work, long limitNanos, long checkNanos, NanoClock clock, Runnable feed) {
        this.work = work;
        this.limitNanos = limitNanos;
        this.checkNanos = checkNanos;
        this.clock = clock;
        this.feed = feed;
    }

    /** True from the first stall until {@link #clearStalled()}. */
    public boolean stalled() {
        return stalled;
    }

    /** Stalls seen so far; compare with the last value seen to catch every one. */
    public long stalls() {
        return stalls;
    }

    /** Controller: the stall has been latched as a fault, stop reporting it. */
    public void clearStalled() {
        stalled = false;
    }

    /** Length of the last stall, or of the current one so far. */
    public long lastStallNanos() {
        return lastStallNanos;
    }

    public long maxStallNanos() {
        return maxStallNanos;
    }

    public long limitNanos() {
        return limitNanos;
    }

    /** A makeSafe that threw on this thread: reported, since nothing else would see it. */
    public Throwable makeSafeFailure() {
        return makeSafeFailure;
    }

    void start() {
        running = true;
        Thread t = new Thread(this::run, "mesogun-watchdog");
        // Daemon: it guards the loop and must never be what keeps the JVM alive; the loop thread
        // (non-daemon) does that until it has made the outputs safe.
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    void stop() throws InterruptedException {
        running = false;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            t.join(1_000);
        }
    }

    /** Loop thread, before the first tick. */
    void arm(long nowNanos) {
        heartbeat.set(nowNanos);
        armed = true;
    }

    /** Loop thread, when the loop ends on purpose: silence is no longer a stall. */
    void disarm() {
        armed = false;
    }

    /** Loop thread, after every tick: the heartbeat, and the feed when the loop is healthy. */
    void beat(long nowNanos) {
        long previous = heartbeat.get();
        heartbeat.lazySet(nowNanos);
        if (feed != null && nowNanos - previous <= limitNanos && !stallInProgress) {
            feed.run();
        }
    }

    private void run() {
        while (running) {
            LockSupport.parkNanos(checkNanos);
            if (running && armed) {
                check();
            }
        }
    }

    private void check() {
        // The clock before the heartbeat: if this thread is preempted in between, the heartbeat
        // only gets fresher, so preemption here can delay a detection but never invent a stall.
        long now = clock.nanoTime();
        long beat = heartbeat.get();
        long silent = now - beat;
        if (!stallInProgress) {
            if (silent > limitNanos) {
                beatAtStallStart = beat;
                stallInProgress = true;
                noteLength(silent);
                stalls = stalls + 1;
                stalled = true;
                makeSafe();
            }
        } else if (beat != beatAtStallStart) {
            noteLength(beat - beatAtStallStart);
            stallInProgress = false;
        } else {
            noteLength(silent);
        }
    }

    private void makeSafe() {
        try {
            work.makeSafe();
        } catch (Throwable t) {
            makeSafeFailure = t;
            LOG.log(System.Logger.Level.ERROR, "makeSafe failed on the watchdog thread", t);
        }
    }

    private void noteLength(long nanos) {
        lastStallNanos = nanos;
        if (nanos > maxStallNanos) {
            maxStallNanos = nanos;
        }
    }
}
