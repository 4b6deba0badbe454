package org.mesogun.hal;

/**
 * What tells the controller where the carriage really is; the step generator cannot know about
 * lost steps, these sensors can.
 */
public interface AxisFeedback {

    /** The optical park flag: active when the carriage is at (or behind) the park position. */
    DigitalInput parkFlag();

    /** Whether an encoder is fitted; without one, only the park flag checks motion. */
    boolean hasEncoder();

    /**
     * Encoder count in step units since power-on (an incremental encoder has no absolute zero;
     * the controller keeps the offset found at homing). 0 when there is no encoder.
     */
    long encoderSteps();
}
