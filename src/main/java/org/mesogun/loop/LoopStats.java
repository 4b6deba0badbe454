package org.mesogun.loop;

/**
 * What the loop measured since it started. Latencies are wake-up lateness (actual wake minus
 * deadline) in microseconds.
 *
 * @param ticks    ticks run
 * @param overruns ticks that woke a whole period or more after their deadline
 * @param skipped  deadlines dropped after overruns instead of being run back to back
 * @param samples  latency samples recorded (one per tick)
 */
public record LoopStats(long ticks, long overruns, long skipped, long samples,
                        double p50Micros, double p99Micros, double p999Micros, double maxMicros) {

    @Override
    public String toString() {
        return String.format("ticks=%d overruns=%d skipped=%d latency_us p50=%.2f p99=%.2f p99.9=%.2f max=%.2f",
                ticks, overruns, skipped, p50Micros, p99Micros, p999Micros, maxMicros);
    }
}
