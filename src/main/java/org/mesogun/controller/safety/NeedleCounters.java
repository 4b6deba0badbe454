package org.mesogun.controller.safety;

/**
 * The needle's counts, persisted by the implementation (a memory-mapped file on the gun, so the
 * loop writes them without a system call and a kill -9 loses nothing; plain memory in tests).
 */
public interface NeedleCounters {

    int needleSerial();

    int punctures();

    long needleTimeNanos();

    boolean lockedOut();

    void addPuncture();

    void addNeedleTime(long nanos);

    /** A change was detected: fresh counts, lock-out cleared, serial + 1. */
    void newNeedle();

    void lockOut();

    /** Whether the previous run ended cleanly (read once at start). */
    boolean previousRunClean();

    /** Marks the run as running (unclean until {@link #markClean()}). */
    void markRunning();

    void markClean();

    /** Why the stored counts could not be trusted at start (the needle is then locked out), or null. */
    default String problem() {
        return null;
    }

    /** Plain memory: for tests and for runs that need no persistence. */
    static NeedleCounters inMemory() {
        return inMemory(true);
    }

    /**
     * Plain memory, as a run after a clean stop or after an unclean one (a power cut mid-shot:
     * SR-4 then locks the fitted needle out), for the simulated gun.
     */
    static NeedleCounters inMemory(boolean previousClean) {
        return new NeedleCounters() {
            private int serial = 1;
            private int punctures;
            private long time;
            private boolean locked;
            private boolean clean = true;

            @Override public int needleSerial() { return serial; }
            @Override public int punctures() { return punctures; }
            @Override public long needleTimeNanos() { return time; }
            @Override public boolean lockedOut() { return locked; }
            @Override public void addPuncture() { punctures++; }
            @Override public void addNeedleTime(long nanos) { time += nanos; }
            @Override public void newNeedle() { serial++; punctures = 0; time = 0; locked = false; }
            @Override public void lockOut() { locked = true; }
            @Override public boolean previousRunClean() { return previousClean; }
            @Override public void markRunning() { clean = false; }
            @Override public void markClean() { clean = true; }
        };
    }
}
