package org.mesogun.board;

import java.util.concurrent.locks.LockSupport;

/**
 * Waits for a System.nanoTime deadline the way a step or valve thread must: park while the
 * deadline is far (parkNanos overshoots by tens of µs), busy-spin the last stretch. Returns
 * early when the owner's generation moves on (a halt, a shut), so a wait never outlives its plan.
 * Allocation-free.
 */
final class PreciseWait {

    /** What the waiting thread checks between naps to see whether its plan was cancelled. */
    interface Generation {
        long generation();
    }

    private final long spinThresholdNanos;

    PreciseWait(long spinThresholdNanos) {
        this.spinThresholdNanos = spinThresholdNanos;
    }

    /** Waits until {@code deadline}; false if {@code owner}'s generation left {@code expected} first. */
    boolean until(long deadline, Generation owner, long expected) {
        while (true) {
            if (owner.generation() != expected) {
                return false;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            if (left > spinThresholdNanos) {
                // Wake early enough to spin the rest; unpark() from a canceller cuts it short.
                LockSupport.parkNanos(left - spinThresholdNanos);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** Spins for a few µs (a STEP pulse width, a DIR setup time); not cancellable, never parks. */
    static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (end - System.nanoTime() > 0) {
            Thread.onSpinWait();
        }
    }
}
