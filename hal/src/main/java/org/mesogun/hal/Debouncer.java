package org.mesogun.hal;

/**
 * Accepts a new level only after the raw signal has held it for the debounce time. Fed with raw
 * levels and the time they were seen (on every edge, and on every read so a quiet signal settles);
 * allocation-free and deterministic, so the simulator and the Pi4J binding share it.
 */
public final class Debouncer {

    private final long stableNanos;
    private boolean stable;
    private boolean candidate;
    private long candidateSince;

    public Debouncer(long stableNanos, boolean initial, long now) {
        if (stableNanos < 0) {
            throw new InvalidHardwareSetupException("debounce time must be >= 0, got " + stableNanos + " ns");
        }
        this.stableNanos = stableNanos;
        this.stable = initial;
        this.candidate = initial;
        this.candidateSince = now;
    }

    /** Feeds the raw level seen at {@code now}; returns the debounced level. */
    public boolean update(boolean raw, long now) {
        if (raw != candidate) {
            candidate = raw;
            candidateSince = now;
        }
        if (candidate != stable && now - candidateSince >= stableNanos) {
            stable = candidate;
        }
        return stable;
    }

    public boolean state() {
        return stable;
    }

    public long stableNanos() {
        return stableNanos;
    }
}
