package org.mesogun.simulator;

import org.mesogun.hal.Debouncer;
import org.mesogun.hal.DigitalInput;
import org.mesogun.hal.NanoClock;

/**
 * A simulated switch: the world sets its true level, the contacts bounce for a while after each
 * change (mechanical switches only), and the controller reads it through the same
 * {@link Debouncer} the Pi4J binding uses.
 */
final class SimSwitch implements DigitalInput {

    private static final long BOUNCE_PERIOD_NANOS = 250_000;

    private final NanoClock clock;
    private final long bounceNanos;
    private final Debouncer debouncer;
    private boolean level;
    private long changedAt = Long.MIN_VALUE / 2;
    private boolean stuck;
    private boolean stuckLevel;

    SimSwitch(NanoClock clock, long debounceNanos, long bounceNanos, boolean initial) {
        this.clock = clock;
        this.bounceNanos = bounceNanos;
        this.level = initial;
        this.debouncer = new Debouncer(debounceNanos, initial, clock.nanoTime());
    }

    /** The true level changes now; the raw contact bounces for {@code bounceNanos}. */
    void set(boolean newLevel) {
        if (newLevel == level) {
            return;
        }
        level = newLevel;
        changedAt = clock.nanoTime();
        if (!stuck) {
            // The last bounce ends at changedAt + bounceNanos; only then can the level settle.
            debouncer.update(newLevel, changedAt + bounceNanos);
        }
    }

    /** A fault: the raw contact reads {@code stuckAt} whatever the world does. */
    void stick(boolean stuckAt) {
        stuck = true;
        stuckLevel = stuckAt;
        debouncer.update(stuckAt, clock.nanoTime());
    }

    void unstick() {
        stuck = false;
        debouncer.update(level, clock.nanoTime());
    }

    boolean trueLevel() {
        return level;
    }

    /** The raw contact, bouncing: what a logic analyser on the pin would show. */
    boolean raw(long at) {
        if (stuck) {
            return stuckLevel;
        }
        long since = at - changedAt;
        if (since >= 0 && since < bounceNanos) {
            return (since / BOUNCE_PERIOD_NANOS) % 2 == 0 ? level : !level;
        }
        return level;
    }

    @Override
    public boolean isActive() {
        long now = clock.nanoTime();
        // While the contacts still bounce, the candidate's time lies ahead and nothing settles.
        return debouncer.update(stuck ? stuckLevel : level, now);
    }
}
