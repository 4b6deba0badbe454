package org.mesogun.board.tmc;

import org.mesogun.hal.InvalidHardwareSetupException;

/**
 * The TMC5160's ramp units at a given clock. Velocity: one LSB is one µstep per t = 2^24 / fCLK
 * seconds, so v[µsteps/s] = VMAX · fCLK / 2^24. Acceleration: one LSB is one µstep/t per
 * 2^17 / fCLK seconds, so a[µsteps/s²] = AMAX · fCLK² / 2^41 (datasheet, "Real world unit
 * conversion"). At 12 MHz one velocity LSB is 0.715 µsteps/s and one acceleration LSB 65.5
 * µsteps/s².
 *
 * <p>Physical to chip rounds <em>down</em>: the profile's rate and acceleration are limits, so the
 * chip may move a fraction of an LSB slower than asked, never faster. A value that rounds to 0 or
 * does not fit the register is refused, not clamped: a silently different motion would change
 * the shot cycle the protocol was validated with.
 */
public final class Tmc5160Units {

    /** The chip's internal oscillator, used when no external clock is fitted. */
    public static final int DEFAULT_FCLK_HZ = 12_000_000;

    private static final double TWO_24 = 0x1p24;
    private static final double TWO_41 = 0x1p41;

    private final int fclkHz;

    /** @param fclkHz the chip's clock: 12 MHz internal, or an external 4..18 MHz clock */
    public Tmc5160Units(int fclkHz) {
        if (fclkHz < 4_000_000 || fclkHz > 18_000_000) {
            throw new InvalidHardwareSetupException(
                    "TMC5160 clock must be 4..18 MHz, got " + fclkHz + " Hz");
        }
        this.fclkHz = fclkHz;
    }

    public int fclkHz() {
        return fclkHz;
    }

    /** µsteps/s of a velocity register value; exact in double (VMAX·fCLK < 2^53). */
    public double velocityOf(long chipValue) {
        return (double) (chipValue * fclkHz) / TWO_24;
    }

    /** µsteps/s² of an acceleration register value. */
    public double accelerationOf(long chipValue) {
        return (double) (chipValue * fclkHz) * fclkHz / TWO_41;
    }

    /**
     * The largest velocity register value whose speed does not exceed {@code stepsPerS}; one past
     * the register's limit when it does not fit, -1 for a negative or NaN rate.
     */
    public long velocityRegister(double stepsPerS) {
        if (!(stepsPerS >= 0)) {
            return -1;
        }
        long n = (long) Math.floor(stepsPerS * TWO_24 / fclkHz);
        if (n > Tmc5160Registers.VMAX_LIMIT) {
            // Beyond the register: reported as one past it, and no overflow in the checks below.
            return Tmc5160Registers.VMAX_LIMIT + 1L;
        }
        // Guard the floor against a rounding error of the division in either direction.
        while (n > 0 && velocityOf(n) > stepsPerS) {
            n--;
        }
        while (velocityOf(n + 1) <= stepsPerS) {
            n++;
        }
        return n;
    }

    /** As {@link #velocityRegister}, for an acceleration register (AMAX, DMAX, A1, D1). */
    public long accelerationRegister(double stepsPerS2) {
        if (!(stepsPerS2 >= 0)) {
            return -1;
        }
        long n = (long) Math.floor(stepsPerS2 * TWO_41 / fclkHz / fclkHz);
        if (n > Tmc5160Registers.ACCEL_LIMIT) {
            return Tmc5160Registers.ACCEL_LIMIT + 1L;
        }
        while (n > 0 && accelerationOf(n) > stepsPerS2) {
            n--;
        }
        while (accelerationOf(n + 1) <= stepsPerS2) {
            n++;
        }
        return n;
    }

    /** VMAX for a move's cruise rate, refused when it rounds to 0 or overflows the register. */
    public int vmaxFor(double stepsPerS) {
        long n = velocityRegister(stepsPerS);
        if (n < 1 || n > Tmc5160Registers.VMAX_LIMIT) {
            throw new InvalidHardwareSetupException("a rate of " + stepsPerS
                    + " µsteps/s is outside what VMAX can hold at " + fclkHz + " Hz ("
                    + velocityOf(1) + " .. " + velocityOf(Tmc5160Registers.VMAX_LIMIT) + ")");
        }
        return (int) n;
    }

    /** AMAX/DMAX for a move's acceleration, refused when it rounds to 0 or overflows. */
    public int amaxFor(double stepsPerS2) {
        long n = accelerationRegister(stepsPerS2);
        if (n < 1 || n > Tmc5160Registers.ACCEL_LIMIT) {
            throw new InvalidHardwareSetupException("an acceleration of " + stepsPerS2
                    + " µsteps/s² is outside what AMAX can hold at " + fclkHz + " Hz ("
                    + accelerationOf(1) + " .. " + accelerationOf(Tmc5160Registers.ACCEL_LIMIT) + ")");
        }
        return (int) n;
    }
}
