package org.mesogun.board.tmc;

import org.mesogun.hal.InvalidHardwareSetupException;

/**
 * The driver's configuration, written at start-up. Defaults in {@link #defaults()} suit a NEMA-17
 * on the requirements §2 lead screw; current and chopper settings belong to the bench calibration.
 *
 * @param fclkHz      the chip's clock (12 MHz internal oscillator unless an external one is fitted)
 * @param gconf       GCONF (0: spreadCycle, no inversion; bit 4 "shaft" reverses the motor)
 * @param chopconf    CHOPCONF with the TOFF the driver runs with when enabled (must be non-zero:
 *                    TOFF 0 is how disable() switches the power stage off over SPI); its MRES
 *                    must give the microstep the axis counts in (MRES 6 = 1/4, requirements §2)
 * @param iholdIrun   IHOLD_IRUN (hold current, run current, hold delay)
 * @param vstop       VSTOP, the speed at which a positioning ramp ends (datasheet: ≥ 10 in
 *                    positioning mode; ≥ VSTART, which this axis keeps at 0)
 * @param spiBaud     SPI clock in Hz (the TMC5160 takes up to 4 MHz on its internal clock)
 */
public record Tmc5160Settings(int fclkHz, int gconf, int chopconf, int iholdIrun, int vstop, int spiBaud) {

    public Tmc5160Settings {
        new Tmc5160Units(fclkHz); // validates the clock
        if ((chopconf & Tmc5160Registers.CHOPCONF_TOFF_MASK) == 0) {
            throw new InvalidHardwareSetupException(
                    "CHOPCONF needs a non-zero TOFF: with TOFF 0 the driver never energises");
        }
        if (vstop < 10 || vstop > Tmc5160Registers.VSTART_VSTOP_LIMIT) {
            throw new InvalidHardwareSetupException("VSTOP must be 10.." + Tmc5160Registers.VSTART_VSTOP_LIMIT
                    + " in positioning mode, got " + vstop);
        }
        if (spiBaud <= 0 || spiBaud > 4_000_000) {
            throw new InvalidHardwareSetupException("SPI clock must be 1..4000000 Hz, got " + spiBaud);
        }
    }

    /** 12 MHz, spreadCycle, TOFF 3 / HSTRT 4 / HEND 1 / TBL 2 / MRES 1/4, IRUN 16, IHOLD 8. */
    public static Tmc5160Settings defaults() {
        return new Tmc5160Settings(Tmc5160Units.DEFAULT_FCLK_HZ, 0x0, 0x060100C3, 0x00061008, 10, 1_000_000);
    }
}
