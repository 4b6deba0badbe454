package org.mesogun.app;

import java.util.Locale;
import jdk.jfr.consumer.RecordingStream;

/**
 * The JVM's stop-the-world pauses as the loop suffers them, from the JVM's own flight recorder:
 * the longest garbage-collection pause, the longest VM operation run at a safepoint, and the
 * longest time to reach one (a thread that does not come to the safepoint holds every other).
 * A loop thread asleep in its period wakes no earlier than the pause ends, so these bound what the
 * shared JVM can add to the loop's latency. For {@code run --measure-pauses} (bench); off by default.
 */
public final class PauseWatch implements AutoCloseable {

    private final RecordingStream stream = new RecordingStream();
    private volatile long gcNanos;
    private volatile long vmOpNanos;
    private volatile long ttspNanos;
    private volatile long safepoints;

    public PauseWatch() {
        stream.enable("jdk.GarbageCollection");
        stream.enable("jdk.SafepointBegin");
        stream.enable("jdk.ExecuteVMOperation");
        stream.onEvent("jdk.GarbageCollection", e -> gcNanos = Math.max(gcNanos, e.getDuration("longestPause").toNanos()));
        stream.onEvent("jdk.SafepointBegin", e -> {
            safepoints++;
            ttspNanos = Math.max(ttspNanos, e.getDuration().toNanos());
        });
        stream.onEvent("jdk.ExecuteVMOperation", e -> {
            if (e.getBoolean("safepoint")) {
                vmOpNanos = Math.max(vmOpNanos, e.getDuration().toNanos());
            }
        });
        stream.startAsync();
    }

    /** One line: what was measured. */
    public String summary() {
        return String.format(Locale.ROOT, "pauses: longest GC pause %.2f ms, longest safepoint operation %.2f ms, "
                + "longest time to safepoint %.2f ms, %d safepoints", gcNanos / 1e6, vmOpNanos / 1e6, ttspNanos / 1e6,
                safepoints);
    }

    @Override
    public void close() {
        stream.close();
    }
}
