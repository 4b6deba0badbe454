package org.mesogun.loop;

/**
 * Timing of the real-time loop, validated once.
 *
 * @param periodNanos        tick period; deadlines are start + k·period
 * @param spinMarginNanos    park until this long before a deadline, then spin (0 = park only).
 *                           requirements §11: parking to ~150 µs then spinning cut p99 from ~227 µs to ~2 µs
 * @param watchdogLimitNanos a loop silent for longer than this is stalled (SR-7: 5–100 ms)
 * @param watchdogCheckNanos how often the watchdog looks at the heartbeat
 * @param realtimePriority   SCHED_FIFO priority to ask the OS for the loop thread, 0 = leave it
 * @param cpu                CPU to pin the loop thread to, -1 = leave it
 */
public record LoopConfig(long periodNanos, long spinMarginNanos, long watchdogLimitNanos,
                         long watchdogCheckNanos, int realtimePriority, int cpu) {

    private static final long MS = 1_000_000L;

    public LoopConfig {
        require(periodNanos >= 50_000 && periodNanos <= 1_000 * MS, "period must be 50 µs..1 s", periodNanos);
        require(spinMarginNanos >= 0 && spinMarginNanos <= periodNanos, "spin margin must be 0..period", spinMarginNanos);
        require(watchdogLimitNanos >= 5 * MS && watchdogLimitNanos <= 100 * MS,
                "watchdog limit must be 5..100 ms (SR-7)", watchdogLimitNanos);
        require(watchdogCheckNanos >= 100_000 && watchdogCheckNanos <= watchdogLimitNanos / 2,
                "watchdog check must be 0.1 ms..limit/2", watchdogCheckNanos);
        require(realtimePriority >= 0 && realtimePriority <= 99, "realtime priority must be 0 (none) or 1..99",
                realtimePriority);
        require(cpu >= -1, "cpu must be -1 (none) or a CPU number", cpu);
    }

    /** 1 kHz, park-then-spin at 150 µs, 20 ms watchdog checked every 2 ms, no OS scheduling change. */
    public static LoopConfig defaults() {
        return new LoopConfig(MS, 150_000, 20 * MS, 2 * MS, 0, -1);
    }

    public LoopConfig withPeriodNanos(long v) {
        return new LoopConfig(v, Math.min(spinMarginNanos, v), watchdogLimitNanos, watchdogCheckNanos,
                realtimePriority, cpu);
    }

    public LoopConfig withSpinMarginNanos(long v) {
        return new LoopConfig(periodNanos, v, watchdogLimitNanos, watchdogCheckNanos, realtimePriority, cpu);
    }

    public LoopConfig withWatchdogLimitNanos(long v) {
        return new LoopConfig(periodNanos, spinMarginNanos, v, Math.min(watchdogCheckNanos, v / 2),
                realtimePriority, cpu);
    }

    public LoopConfig withRealtime(int priority, int cpuToPin) {
        return new LoopConfig(periodNanos, spinMarginNanos, watchdogLimitNanos, watchdogCheckNanos, priority,
                cpuToPin);
    }

    private static void require(boolean ok, String what, long value) {
        if (!ok) {
            throw new IllegalArgumentException(what + ", got " + value);
        }
    }
}
