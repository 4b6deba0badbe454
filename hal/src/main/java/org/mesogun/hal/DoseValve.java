package org.mesogun.hal;

/**
 * The normally-closed solenoid pinch valve. An open is always a timed pulse executed behind this
 * interface (a dedicated timer, never the loop's tick), so a late tick cannot overdose.
 *
 * <p>The valve's power runs through a hardware dead-man (a retriggerable monostable): the valve
 * can only be open within {@link #deadmanPeriodMicros()} of the last {@link #armDeadman()}.
 *
 * <p>Safe state: closed, unpowered, dead-man not re-armed.
 */
public interface DoseValve extends OutputDevice {

    ValveDrive drive();

    /** The dead-man's hold time: the valve drops this long after the last arming. */
    long deadmanPeriodMicros();

    /** Retriggers the dead-man. Only a healthy controller, with a pulse due, calls this. */
    void armDeadman();

    /**
     * Opens the valve for {@code durationMicros}, peak-and-hold, closed by the generator itself.
     * Ignored when a pulse is already running.
     */
    void pulse(long durationMicros);

    /** Closes the valve now, ending any pulse. */
    void shut();

    /** Whether the driver is currently energising the coil. */
    boolean isOpen();

    /** Pulses finished since start-up; with {@link #lastPulseMicros()} lets the loop verify one. */
    long pulsesCompleted();

    /** Executed open time of the last finished pulse, as timed by the generator. */
    long lastPulseMicros();

    /** Open time over the thermal window, 0..1. */
    double dutyCycle();

    /** Coil continuity as measured by the driver (open circuit or short → false). */
    boolean coilOk();
}
