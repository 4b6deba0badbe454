package org.mesogun.hal;

/**
 * The needle depth carriage. Positions are in (micro)steps; positive is towards the skin. Moves
 * are executed behind this interface by a timed generator (a step thread, a motion chip's ramp
 * generator, or the simulator's physics); every call returns at once.
 *
 * <p>Safe state: step output stopped, driver disabled (the carriage is held by the lead screw's
 * self-locking, not by current).
 */
public interface NeedleAxis extends OutputDevice {

    void enable(boolean on);

    boolean isEnabled();

    /**
     * Starts a trapezoidal move to an absolute position; a move in progress is re-targeted,
     * decelerating first if it must reverse. Ignored while disabled.
     */
    void moveTo(long targetSteps, MotionProfile profile);

    /** Decelerates to a stop with the current move's profile. */
    void stop();

    /** Stops issuing steps at once, without a ramp (the safe reaction to a fault). */
    void halt();

    /** Where the generator believes the carriage is: the steps it has issued. */
    long position();

    /** The target of the current or last move. */
    long target();

    boolean isMoving();

    /** Redefines the current position without moving, e.g. 0 at the home switch. */
    void setPosition(long steps);
}
