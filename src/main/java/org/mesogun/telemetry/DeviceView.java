package org.mesogun.telemetry;

import org.mesogun.controller.State;

/**
 * What the publisher shows outside the journal — the state in the birth, the counters in the
 * metrics — as the writer thread last saw it. Written by one thread, read by another.
 */
public final class DeviceView {
    volatile State state = State.BOOT;
    volatile long ringDrops;
    volatile long tornBytesAtStart;
    volatile long recordsJournaled;
    volatile boolean journalWritable = true;

    public State state() {
        return state;
    }

    public long ringDrops() {
        return ringDrops;
    }

    public long tornBytesAtStart() {
        return tornBytesAtStart;
    }

    public long recordsJournaled() {
        return recordsJournaled;
    }

    /** False while the journal's disk refuses writes (full): records wait in the ring. */
    public boolean journalWritable() {
        return journalWritable;
    }
}
