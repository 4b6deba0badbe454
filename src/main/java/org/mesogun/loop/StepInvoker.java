package org.mesogun.loop;

import java.util.Optional;

/**
 * Steps a {@link LoopWork} on the caller's thread at times the caller chooses (Agrona's
 * {@code AgentInvoker}): the simulator and tests run the loop on a virtual clock, faster than real
 * time, with the same contract as {@link LoopRunner} — onStart once, ticks, a throwing tick makes
 * the outputs safe and latches the loop stopped, onStop then makeSafe on a clean stop.
 *
 * <p>Single-threaded; no watchdog (virtual time cannot stall).
 */
public final class StepInvoker {

    private final LoopWork work;
    private boolean started;
    private boolean stopped;
    private long ticks;
    private long lastNanos = Long.MIN_VALUE;
    private Throwable failure;

    public StepInvoker(LoopWork work) {
        if (work == null) {
            throw new IllegalArgumentException("work is required");
        }
        this.work = work;
    }

    /** Once, before the first tick. Returns false (loop stopped, see failure()) if onStart threw. */
    public boolean start(long nowNanos) {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        lastNanos = nowNanos;
        try {
            work.onStart(nowNanos);
            return true;
        } catch (Throwable t) {
            fail(t);
            return false;
        }
    }

    /**
     * One tick at {@code nowNanos} (non-decreasing).
     *
     * @return true while the loop runs; false when this tick threw — the outputs have been made
     *         safe, onStop has run, and {@link #failure()} holds the cause. Ticking a stopped
     *         loop throws, with that cause, so ignoring the result cannot hide a failure.
     */
    public boolean tick(long nowNanos) {
        if (!started) {
            throw new IllegalStateException("tick before start");
        }
        if (stopped) {
            throw new IllegalStateException("loop is stopped", failure);
        }
        if (nowNanos < lastNanos) {
            throw new IllegalArgumentException("time went back: " + nowNanos + " < " + lastNanos);
        }
        lastNanos = nowNanos;
        try {
            work.tick(nowNanos);
            ticks++;
            return true;
        } catch (Throwable t) {
            fail(t);
            return false;
        }
    }

    /** Clean stop: onStop, then makeSafe. Idempotent. */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            work.onStop();
        } finally {
            work.makeSafe();
        }
    }

    public boolean isRunning() {
        return started && !stopped;
    }

    public long ticks() {
        return ticks;
    }

    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    private void fail(Throwable cause) {
        failure = cause;
        stopped = true;
        try {
            work.makeSafe();
        } catch (Throwable t) {
            cause.addSuppressed(t);
        }
        try {
            work.onStop();
        } catch (Throwable t) {
            cause.addSuppressed(t);
        }
    }
}
