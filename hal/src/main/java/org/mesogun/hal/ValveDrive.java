package org.mesogun.hal;

/**
 * Peak-and-hold drive of the solenoid: full power for {@code peakMicros} to pull the plunger in,
 * then PWM at {@code holdDuty} to hold it with less heat. The thermal limit is a duty cycle
 * (open time / window) that the coil may not exceed.
 */
public record ValveDrive(long peakMicros, double holdDuty, long thermalWindowMicros, double maxDutyCycle) {

    public ValveDrive {
        if (peakMicros < 0 || !(holdDuty > 0 && holdDuty <= 1)
                || thermalWindowMicros <= 0 || !(maxDutyCycle > 0 && maxDutyCycle <= 1)) {
            throw new InvalidHardwareSetupException("invalid valve drive: peak " + peakMicros
                    + " µs, hold duty " + holdDuty + ", window " + thermalWindowMicros
                    + " µs, max duty " + maxDutyCycle);
        }
    }
}
