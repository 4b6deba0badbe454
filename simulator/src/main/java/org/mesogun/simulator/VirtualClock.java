package org.mesogun.simulator;

import org.mesogun.hal.NanoClock;

/** Time that only moves when the caller says so: a whole session runs as fast as the CPU allows. */
public final class VirtualClock implements NanoClock {

    private long now;

    public VirtualClock(long startNanos) {
        this.now = startNanos;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    public void advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("time cannot go back: " + nanos + " ns");
        }
        now += nanos;
    }
}
