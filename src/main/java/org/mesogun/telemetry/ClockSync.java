package org.mesogun.telemetry;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the wall clock is NTP-synchronised ({@code tsSynced} in every payload): systemd's
 * timesyncd marks it with a file. A board without it says false, which is the honest answer.
 */
public final class ClockSync {

    private static final Path MARK = Path.of("/run/systemd/timesync/synchronized");
    private static final long RECHECK_NANOS = 10_000_000_000L;

    private boolean synced;
    private long checkedAt = Long.MIN_VALUE;

    /** Called from one thread only (each thread that stamps payloads has its own). */
    public boolean synced() {
        long now = System.nanoTime();
        if (checkedAt == Long.MIN_VALUE || now - checkedAt > RECHECK_NANOS) {
            synced = Files.exists(MARK);
            checkedAt = now;
        }
        return synced;
    }
}
