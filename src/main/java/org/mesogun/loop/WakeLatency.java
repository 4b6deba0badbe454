package org.mesogun.loop;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Wake-up latency histogram written by the loop thread and read by anyone else without locking
 * the loop. The loop records into a {@link SingleWriterRecorder}: a fixed-range histogram (no
 * auto-resize, so recording never allocates) behind a writer-reader phaser whose writer side is
 * wait-free. Readers take the interval since the last read and fold it into a cumulative
 * histogram; only readers ever wait, and only for a writer already inside a record.
 */
final class WakeLatency {

    /** 1 ns resolution up to 1 s: a wake more than a second late is clamped, and is a stall anyway. */
    static final long HIGHEST_NANOS = 1_000_000_000L;
    private static final int DIGITS = 3;

    private final SingleWriterRecorder recorder = new SingleWriterRecorder(1, HIGHEST_NANOS, DIGITS);
    // Reader side only, guarded by this.
    private final Histogram interval = new Histogram(1, HIGHEST_NANOS, DIGITS);
    private final Histogram cumulative = new Histogram(1, HIGHEST_NANOS, DIGITS);

    /** Loop thread only. Clamped into range, since an out-of-range value would throw. */
    void record(long lateNanos) {
        recorder.recordValue(lateNanos < 0 ? 0 : Math.min(lateNanos, HIGHEST_NANOS));
    }

    /** Any thread but the loop's. */
    synchronized LoopStats snapshot(long ticks, long overruns, long skipped) {
        interval.reset();
        recorder.getIntervalHistogramInto(interval);
        cumulative.add(interval);
        return new LoopStats(ticks, overruns, skipped, cumulative.getTotalCount(),
                micros(cumulative.getValueAtPercentile(50)),
                micros(cumulative.getValueAtPercentile(99)),
                micros(cumulative.getValueAtPercentile(99.9)),
                micros(cumulative.getMaxValue()));
    }

    private static double micros(long nanos) {
        return nanos / 1_000.0;
    }
}
