package org.mesogun.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mesogun.board.tmc.Tmc5160Registers;
import org.mesogun.board.tmc.Tmc5160Units;
import org.mesogun.hal.InvalidHardwareSetupException;

class Tmc5160UnitsTest {

    private final Tmc5160Units at12MHz = new Tmc5160Units(12_000_000);

    @Test
    void oneLsbIsWhatTheDatasheetFormulaGives() {
        // v = VMAX · fCLK / 2^24, a = AMAX · fCLK² / 2^41, worked by hand at 12 MHz.
        assertEquals(12e6 / 16_777_216, at12MHz.velocityOf(1), 0);
        assertEquals(0.7152557373046875, at12MHz.velocityOf(1), 0);
        assertEquals(144e12 / 2_199_023_255_552.0, at12MHz.accelerationOf(1), 1e-12);
        assertEquals(65.48361852765083, at12MHz.accelerationOf(1), 1e-9);
        // A round figure: 20 000 µsteps/s is VMAX 27 962 (27 962.0266…, rounded down).
        assertEquals(27_962, at12MHz.vmaxFor(20_000));
        // 2·10^6 µsteps/s² is AMAX 30 541 (30 541.9…, rounded down).
        assertEquals(30_541, at12MHz.amaxFor(2e6));
    }

    @Test
    void registerToPhysicalAndBackIsExactForEveryClockTried() {
        for (int fclk : new int[] {8_000_000, 12_000_000, 16_000_000, 18_000_000}) {
            Tmc5160Units u = new Tmc5160Units(fclk);
            for (long n = 1; n <= Tmc5160Registers.VMAX_LIMIT; n += 9_973) {
                assertEquals(n, u.velocityRegister(u.velocityOf(n)), "VMAX " + n + " at " + fclk);
            }
            for (long n = 1; n <= Tmc5160Registers.ACCEL_LIMIT; n += 7) {
                assertEquals(n, u.accelerationRegister(u.accelerationOf(n)), "AMAX " + n + " at " + fclk);
            }
        }
    }

    @Test
    void physicalToRegisterNeverExceedsAndLosesLessThanOneLsb() {
        SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < 20_000; i++) {
            double rate = random.nextDouble(1, 5e6);
            long n = at12MHz.velocityRegister(rate);
            assertTrue(at12MHz.velocityOf(n) <= rate, "rate " + rate);
            assertTrue(rate - at12MHz.velocityOf(n) < at12MHz.velocityOf(1), "rate " + rate);

            double accel = random.nextDouble(66, 4e6);
            long a = at12MHz.accelerationRegister(accel);
            assertTrue(at12MHz.accelerationOf(a) <= accel, "accel " + accel);
            assertTrue(accel - at12MHz.accelerationOf(a) < at12MHz.accelerationOf(1), "accel " + accel);
        }
    }

    @Test
    void ratesTheRegistersCannotHoldAreRefusedNotClamped() {
        assertThrows(InvalidHardwareSetupException.class, () -> at12MHz.vmaxFor(0.5));   // < 1 LSB
        assertThrows(InvalidHardwareSetupException.class, () -> at12MHz.vmaxFor(7e6));   // > 2^23−512
        assertThrows(InvalidHardwareSetupException.class, () -> at12MHz.vmaxFor(Double.POSITIVE_INFINITY));
        assertThrows(InvalidHardwareSetupException.class, () -> at12MHz.amaxFor(60));    // < 1 LSB
        assertThrows(InvalidHardwareSetupException.class, () -> at12MHz.amaxFor(5e6));   // > 2^16−1
        assertThrows(InvalidHardwareSetupException.class, () -> at12MHz.amaxFor(Double.NaN));
        assertEquals(Tmc5160Registers.VMAX_LIMIT, at12MHz.vmaxFor(at12MHz.velocityOf(Tmc5160Registers.VMAX_LIMIT)));
        assertEquals(Tmc5160Registers.ACCEL_LIMIT,
                at12MHz.amaxFor(at12MHz.accelerationOf(Tmc5160Registers.ACCEL_LIMIT)));
        assertThrows(InvalidHardwareSetupException.class, () -> new Tmc5160Units(20_000_000));
        assertThrows(InvalidHardwareSetupException.class, () -> new Tmc5160Units(1_000_000));
    }
}
