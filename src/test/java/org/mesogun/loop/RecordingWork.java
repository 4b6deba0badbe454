package org.mesogun.loop;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A LoopWork a test can steer: it counts ticks, remembers the first and last tick times, logs
 * lifecycle calls with the calling thread, and on request sleeps or throws at a given tick.
 * Tick-path fields are plain volatiles so a quiet tick allocates nothing.
 */
class RecordingWork implements LoopWork {

    final List<String> events = new CopyOnWriteArrayList<>();
    final List<String> makeSafeThreads = new CopyOnWriteArrayList<>();
    final AtomicInteger makeSafeCalls = new AtomicInteger();

    volatile long ticks;
    volatile long firstTickNanos;
    volatile long lastTickNanos;

    /** Tick number (0-based) at which to sleep, and for how long; -1 = never. */
    volatile long sleepAtTick = -1;
    volatile long sleepMillis;
    /** Tick number (0-based) at which to throw; -1 = never. */
    volatile long throwAtTick = -1;
    final RuntimeException toThrow = new IllegalStateException("tick failed on purpose");

    @Override
    public void onStart(long nowNanos) {
        events.add("onStart");
    }

    @Override
    public void tick(long nowNanos) {
        long n = ticks;
        if (n == throwAtTick) {
            events.add("tick throws");
            throw toThrow;
        }
        if (n == 0) {
            firstTickNanos = nowNanos;
        }
        lastTickNanos = nowNanos;
        if (n == sleepAtTick) {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ticks = n + 1;
    }

    @Override
    public void onStop() {
        events.add("onStop");
    }

    @Override
    public void makeSafe() {
        makeSafeCalls.incrementAndGet();
        makeSafeThreads.add(Thread.currentThread().getName());
        events.add("makeSafe");
    }
}
