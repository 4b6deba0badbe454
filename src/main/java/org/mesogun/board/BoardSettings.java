package org.mesogun.board;

import java.util.Set;
import org.mesogun.hal.InvalidHardwareSetupException;
import org.mesogun.hal.ValveDrive;

/**
 * Timing and wiring facts of the board that are not pin numbers. Built and validated once.
 *
 * @param debounceNanos       how long an input must hold a level before it counts
 * @param activeLowInputs     inputs wired to pull the line low when their condition holds
 *                            (these get the internal pull-up, the others the pull-down)
 * @param stepPulseNanos      STEP high time the driver needs (DRV8825: 1.9 µs)
 * @param dirSetupNanos       DIR must be stable this long before a STEP rising edge
 * @param maxStepRateHz       the fastest step train this board's step thread is trusted with;
 *                            a move asking for more is refused
 * @param spinThresholdNanos  a wait shorter than this is busy-spun, a longer one parks first
 *                            (parkNanos overshoots by tens of µs on a stock kernel)
 * @param valveDrive          peak-and-hold and thermal limits of the solenoid
 * @param valvePwmFrequencyHz hold PWM frequency
 * @param deadmanPeriodMicros hold time of the hardware dead-man after each arming
 */
public record BoardSettings(
        long debounceNanos,
        Set<BoardInput> activeLowInputs,
        long stepPulseNanos,
        long dirSetupNanos,
        double maxStepRateHz,
        long spinThresholdNanos,
        ValveDrive valveDrive,
        int valvePwmFrequencyHz,
        long deadmanPeriodMicros) {

    public BoardSettings {
        activeLowInputs = Set.copyOf(activeLowInputs);
        if (debounceNanos < 0 || stepPulseNanos <= 0 || dirSetupNanos < 0 || spinThresholdNanos < 0
                || !(maxStepRateHz > 0) || Double.isInfinite(maxStepRateHz)
                || valvePwmFrequencyHz <= 0 || deadmanPeriodMicros <= 0 || valveDrive == null) {
            throw new InvalidHardwareSetupException("invalid board settings: debounce "
                    + debounceNanos + " ns, step pulse " + stepPulseNanos + " ns, dir setup "
                    + dirSetupNanos + " ns, max step rate " + maxStepRateHz + "/s, spin "
                    + spinThresholdNanos + " ns, valve " + valveDrive + ", PWM "
                    + valvePwmFrequencyHz + " Hz, dead-man " + deadmanPeriodMicros + " µs");
        }
        // A STEP pulse must end before the next one can start.
        if (stepPulseNanos >= 1e9 / maxStepRateHz) {
            throw new InvalidHardwareSetupException("step pulse " + stepPulseNanos
                    + " ns does not fit in a step at " + maxStepRateHz + " steps/s");
        }
    }
}
