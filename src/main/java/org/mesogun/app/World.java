package org.mesogun.app;

import org.mesogun.controller.Controller;

/**
 * What surrounds the controller on one kind of board, ticked on the loop thread around it. On the
 * board there is nothing around it ({@link #BOARD}); on the simulated gun the world advances the
 * physics to the loop's time, lets the simulated clinician (if any) act, and may hold the
 * controller, as an injected loop stall would. Called on the loop thread: no blocking, no
 * allocation.
 */
public interface World {

    /**
     * Advances the world to the loop's time.
     *
     * @return the time the controller sees this tick, or -1 when an injected stall holds it
     */
    long before(long loopNanos);

    /** After the controller's tick. */
    default void after(long nanos, Controller c) {
    }

    /** True when the world has nothing more to do (the clinician finished, the power is off). */
    default boolean done() {
        return false;
    }

    /** The board: the controller sees the loop's own time. */
    World BOARD = loopNanos -> loopNanos;
}
