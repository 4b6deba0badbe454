package org.mesogun.board;

/**
 * Coil on-time over a sliding thermal window, kept in ten fixed buckets so that recording a
 * pulse never allocates. An open time is booked in the bucket where it started; the window is
 * therefore exact to one bucket (a tenth of the window), which errs on the side of the coil when
 * used with a margin. Not thread-safe; the valve guards it.
 */
final class CoilDutyWindow {

    private static final int BUCKETS = 10;

    private final long windowNanos;
    private final long bucketNanos;
    private final long[] onNanos = new long[BUCKETS];
    private final long[] bucketStart = new long[BUCKETS];

    CoilDutyWindow(long windowNanos) {
        this.windowNanos = windowNanos;
        this.bucketNanos = Math.max(1, windowNanos / BUCKETS);
        java.util.Arrays.fill(bucketStart, Long.MIN_VALUE);
    }

    void add(long at, long nanos) {
        long index = Math.floorDiv(at, bucketNanos);
        int i = (int) Math.floorMod(index, (long) BUCKETS);
        long start = index * bucketNanos;
        if (bucketStart[i] != start) {
            bucketStart[i] = start;
            onNanos[i] = 0;
        }
        onNanos[i] += nanos;
    }

    /** On-time in the window ending at {@code now}, in ns. */
    long onNanosAt(long now) {
        long sum = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (bucketStart[i] != Long.MIN_VALUE && now - bucketStart[i] < windowNanos) {
                sum += onNanos[i];
            }
        }
        return sum;
    }

    double dutyAt(long now) {
        return Math.min(1.0, (double) onNanosAt(now) / windowNanos);
    }

    long windowNanos() {
        return windowNanos;
    }
}
