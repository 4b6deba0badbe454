package org.mesogun.simulator;

/** Coil on-time over a sliding window, in ten fixed buckets: no allocation after construction. */
final class DutyWindow {

    private static final int BUCKETS = 10;

    private final long windowNanos;
    private final long bucketNanos;
    private final long[] onNanos = new long[BUCKETS];
    private final long[] bucketStart = new long[BUCKETS];

    DutyWindow(long windowNanos) {
        this.windowNanos = windowNanos;
        this.bucketNanos = Math.max(1, windowNanos / BUCKETS);
        java.util.Arrays.fill(bucketStart, Long.MIN_VALUE);
    }

    void add(long at, long nanos) {
        long start = Math.floorDiv(at, bucketNanos) * bucketNanos;
        int i = (int) Math.floorMod(Math.floorDiv(at, bucketNanos), (long) BUCKETS);
        if (bucketStart[i] != start) {
            bucketStart[i] = start;
            onNanos[i] = 0;
        }
        onNanos[i] += nanos;
    }

    double dutyAt(long now) {
        long sum = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (bucketStart[i] != Long.MIN_VALUE && now - bucketStart[i] < windowNanos) {
                sum += onNanos[i];
            }
        }
        return Math.min(1.0, (double) sum / windowNanos);
    }
}
