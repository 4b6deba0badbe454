package org.mesogun.console;

import java.util.function.LongSupplier;
import org.mesogun.config.SafetyLimits;

/**
 * SR-13: five wrong PINs in a row lock the console for five minutes of powered time. Powered time
 * is the loop's injected clock, not the wall clock: setting the board's date cannot unlock it,
 * and the simulator can run it on virtual time.
 */
final class PinLockout {

    private final LongSupplier poweredNanos;
    private int wrong;
    private long lockedUntil = Long.MIN_VALUE;

    PinLockout(LongSupplier poweredNanos) {
        this.poweredNanos = poweredNanos;
    }

    boolean locked() {
        return poweredNanos.getAsLong() < lockedUntil;
    }

    long remainingSeconds() {
        return Math.max(0, (lockedUntil - poweredNanos.getAsLong()) / 1_000_000_000L);
    }

    void failed() {
        if (++wrong >= SafetyLimits.MAX_WRONG_PINS) {
            wrong = 0;
            lockedUntil = poweredNanos.getAsLong() + SafetyLimits.PIN_LOCKOUT_MS * 1_000_000L;
        }
    }

    void succeeded() {
        wrong = 0;
    }
}
