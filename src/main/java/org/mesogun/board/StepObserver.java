package org.mesogun.board;

/**
 * Sees every step the generator emits, on the generator thread, right after the STEP pulse. A
 * test hook and a place for a timing probe: it must return in a few µs and must not allocate.
 */
@FunctionalInterface
public interface StepObserver {

    /**
     * @param direction            +1 towards the skin, -1 back
     * @param plannedIntervalNanos the interval the {@code StepPlanner} asked for before this step
     * @param emittedAtNanos       System.nanoTime at the STEP rising edge
     */
    void stepped(int direction, long plannedIntervalNanos, long emittedAtNanos);
}
