package org.mesogun.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mesogun.board.tmc.Tmc5160Registers.*;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;
import org.mesogun.board.tmc.Tmc5160Axis;
import org.mesogun.hal.DeviceClosedException;
import org.mesogun.hal.HardwareFaultException;
import org.mesogun.hal.MotionProfile;

/** The TMC5160 axis against the register-level model: the motion the chip makes, in simulated time. */
class Tmc5160AxisTest {

    private static final MotionProfile FAST = new MotionProfile(20_000, 2e6);
    private static final MotionProfile SLOW = new MotionProfile(2_000, 1e5);
    private static final long SECOND = 1_000_000_000L;

    private TmcBench bench;
    private Tmc5160Model chip;
    private Tmc5160Axis axis;

    @BeforeEach
    void build() {
        bench = new TmcBench();
        chip = bench.model;
        axis = bench.axis();
    }

    @AfterEach
    void shutdown() {
        axis.close();
        bench.shutdown();
    }

    @Test
    void startsConfiguredWithThePowerStageOffTwice() {
        assertFalse(axis.isEnabled());
        assertTrue(bench.enableLine().isLow(), "ENABLE rests low (DRV_ENN high through the inverter)");
        assertFalse(chip.powered());
        assertEquals(0, chip.register(CHOPCONF) & CHOPCONF_TOFF_MASK, "TOFF 0: off over SPI as well");
        assertEquals(0, chip.register(VMAX));
        assertEquals(0, axis.position());
        assertFalse(axis.isMoving());
    }

    @Test
    void noChipOnTheBusIsAFaultAtStart() {
        TmcBench empty = new TmcBench();
        empty.model.disconnect();
        try {
            assertThrows(HardwareFaultException.class, empty::axis);
        } finally {
            empty.shutdown();
        }
    }

    @Test
    void aMoveEndsExactlyOnItsTargetWithinVmaxAndAmax() {
        axis.enable(true);
        assertTrue(chip.powered());
        chip.resetObservations();
        axis.moveTo(4_000, FAST);
        assertEquals(4_000, axis.target());
        assertEquals(MODE_POSITION, chip.register(RAMPMODE));
        assertEquals(0, chip.register(V1), "V1 0: a plain trapezoid");
        assertTrue(chip.register(D1) > 0, "D1 must not be 0 in positioning mode");
        assertTrue(axis.isMoving() || chip.speed() == 0);

        chip.advance(1_000_000);
        assertTrue(axis.isMoving());
        chip.runUntilStill(SECOND);

        assertFalse(axis.isMoving());
        assertEquals(4_000, axis.position());
        assertEquals(4_000, chip.motor(), "the motor followed the counter");
        double vmax = chip.units().velocityOf(chip.register(VMAX));
        double amax = chip.units().accelerationOf(chip.register(AMAX));
        assertTrue(vmax <= FAST.maxRateStepsPerS());
        assertTrue(amax <= FAST.accelStepsPerS2());
        assertTrue(chip.peakSpeed() <= vmax, "peak " + chip.peakSpeed() + " > VMAX " + vmax);
        assertTrue(chip.peakSpeed() > 0.99 * vmax, "cruised at VMAX");
        assertTrue(chip.peakAccel() <= amax * (1 + 1e-9), "peak accel " + chip.peakAccel() + " > AMAX " + amax);
        assertTrue(chip.peakArrivalSpeed() < 100, "arrived at the end of a ramp, not at speed: "
                + chip.peakArrivalSpeed());
    }

    @Test
    void aReversedMoveDeceleratesFirstAndEndsOnTheNewTarget() {
        axis.enable(true);
        axis.moveTo(4_000, FAST);
        chip.advance(3_000_000);
        long reached = axis.position();
        assertTrue(reached > 0 && reached < 4_000);
        chip.resetObservations();
        axis.moveTo(-1_000, FAST);
        chip.runUntilStill(SECOND);
        assertEquals(-1_000, axis.position());
        assertEquals(-1_000, chip.motor());
        assertTrue(chip.peakAccel() <= chip.units().accelerationOf(chip.register(AMAX)) * (1 + 1e-9));
    }

    @Test
    void stopDeceleratesAtTheProfilesRateAndTheTargetBecomesTheStop() {
        axis.enable(true);
        axis.moveTo(100_000, FAST);
        chip.advance(20_000_000);                          // cruising by now
        double v = chip.speed();
        long x0 = axis.position();
        chip.resetObservations();

        axis.stop();
        long t = chip.runUntilStill(SECOND);

        double a = chip.units().accelerationOf(chip.register(AMAX));
        assertTrue(a <= FAST.accelStepsPerS2());
        assertTrue(chip.peakAccel() <= a * (1 + 1e-9), "stop is a ramp at the profile's rate");
        assertTrue(t >= (long) (v / a * 1e9) - 100_000, "not sooner than v/a");
        long travelled = axis.position() - x0;
        long expected = Math.round(v * v / (2 * a));
        assertTrue(Math.abs(travelled - expected) <= 2 + v * 1e-4, travelled + " vs " + expected);
        assertTrue(Math.abs(axis.target() - axis.position()) <= 2 + v * 1e-4, "predicted stop "
                + axis.target() + ", stopped at " + axis.position());
        assertTrue(axis.isEnabled());
        chip.advance(10_000_000);
        assertFalse(axis.isMoving(), "stays stopped");
    }

    @Test
    void haltStopsWithinTheChipsSteepestRampFarShorterThanStop() {
        axis.enable(true);
        axis.moveTo(100_000, FAST);
        chip.advance(20_000_000);
        double v = chip.speed();
        long x0 = axis.position();

        axis.halt();
        long t = chip.runUntilStill(SECOND);

        double aMax = chip.units().accelerationOf(ACCEL_LIMIT);
        assertEquals(ACCEL_LIMIT, chip.register(AMAX));
        assertTrue(t <= (long) (v / aMax * 1e9) + 100_000, "stopped within v/a_max: " + t + " ns");
        long travelled = axis.position() - x0;
        assertTrue(travelled <= Math.ceil(v * v / (2 * aMax)) + 2, "halt travelled " + travelled);
        double stopDistance = v * v / (2 * FAST.accelStepsPerS2());
        assertTrue(travelled < stopDistance / 2, "far shorter than stop(): " + travelled + " vs " + stopDistance);
        assertTrue(axis.isEnabled(), "energised, so the motor followed the counter");
        assertEquals(axis.position(), chip.motor());
    }

    @Test
    void whileDisabledNothingMoves() {
        chip.resetObservations();
        axis.moveTo(4_000, FAST);
        chip.advance(100_000_000);
        assertEquals(0, chip.register(XTARGET), "a move while disabled is ignored");
        assertEquals(0, axis.position());
        assertEquals(0, chip.motor());
        assertFalse(chip.powered());
    }

    @Test
    void disablingMidMoveCutsThePowerAtOnceAndHaltsTheCounter() {
        axis.enable(true);
        axis.moveTo(100_000, FAST);
        chip.advance(20_000_000);
        axis.enable(false);
        assertFalse(chip.powered(), "power stage off before any time passes");
        assertTrue(bench.enableLine().isLow());
        assertEquals(0, chip.register(CHOPCONF) & CHOPCONF_TOFF_MASK);
        chip.resetObservations();
        chip.runUntilStill(SECOND);
        double v = FAST.maxRateStepsPerS();
        assertTrue(chip.stepsWhileUnpowered() <= Math.ceil(v * v / (2 * chip.units().accelerationOf(ACCEL_LIMIT))) + 2,
                "the counter ran on for " + chip.stepsWhileUnpowered() + " steps");
        axis.moveTo(0, FAST);
        chip.advance(10_000_000);
        assertFalse(axis.isMoving());
    }

    @Test
    void setPositionIsRefusedWhileMovingAndHoldsStillWhenStopped() {
        axis.enable(true);
        axis.moveTo(4_000, SLOW);
        chip.advance(5_000_000);
        assertThrows(IllegalStateException.class, () -> axis.setPosition(0));
        axis.halt();
        chip.runUntilStill(SECOND);
        long was = chip.motor();

        axis.setPosition(0);
        assertEquals(0, axis.position());
        assertEquals(0, axis.target());
        assertEquals(0, chip.register(XTARGET), "XTARGET moves with XACTUAL, or the chip would drive back");
        assertEquals(MODE_POSITION, chip.register(RAMPMODE));
        chip.advance(100_000_000);
        assertFalse(axis.isMoving());
        assertEquals(0, axis.position());
        assertEquals(was, chip.motor(), "redefining the position moved nothing");
        axis.moveTo(500, SLOW);
        chip.runUntilStill(SECOND);
        assertEquals(500, axis.position());
        assertEquals(was + 500, chip.motor());
    }

    @Test
    @Verifies("SR-11")
    void closeIsIdempotentAndLeavesTheDriverDisabled() {
        axis.enable(true);
        axis.moveTo(100_000, FAST);
        chip.advance(5_000_000);
        axis.close();
        axis.close();
        assertFalse(axis.isEnabled());
        assertFalse(chip.powered());
        assertTrue(bench.enableLine().isLow());
        assertEquals(0, chip.register(CHOPCONF) & CHOPCONF_TOFF_MASK);
        assertEquals(0, chip.register(VMAX));
        assertThrows(DeviceClosedException.class, () -> axis.enable(true));
        axis.moveTo(0, FAST);
        assertFalse(chip.powered());
    }

    @Test
    void aChipResetIsLatchedAsAFaultAndTheDriverGoesOff() {
        axis.enable(true);
        axis.moveTo(4_000, SLOW);
        chip.advance(5_000_000);
        chip.powerCycle();
        assertThrows(HardwareFaultException.class, axis::position);
        assertFalse(axis.isEnabled());
        assertTrue(bench.enableLine().isLow());
        assertTrue(axis.fault().contains("reset"));
        assertThrows(HardwareFaultException.class, () -> axis.moveTo(0, SLOW));
        assertThrows(HardwareFaultException.class, () -> axis.enable(true));
    }

    @Test
    void aDriverErrorIsLatchedAsAFault() {
        axis.enable(true);
        chip.driverError(true);
        assertThrows(HardwareFaultException.class, axis::isMoving);
        assertFalse(chip.powered());
        assertTrue(axis.fault().contains("driver error"));
    }

    @Test
    void aRepeatedMoveWithTheSameProfileWritesOnlyItsTarget() {
        axis.enable(true);
        axis.moveTo(1_000, FAST);
        chip.runUntilStill(SECOND);
        chip.resetObservations();
        axis.moveTo(2_000, FAST);
        List<int[]> writes = chip.writes();
        assertEquals(1, writes.size());
        assertEquals(XTARGET, writes.get(0)[0]);
        assertEquals(2_000, writes.get(0)[1]);
        chip.runUntilStill(SECOND);
        assertEquals(2_000, axis.position());
    }

    @Test
    void aReadIsTwoDatagramsBecauseTheChipAnswersThePreviousRequest() {
        axis.enable(true);
        axis.moveTo(1_234, FAST);
        chip.runUntilStill(SECOND);
        chip.resetObservations();
        assertEquals(1_234, axis.position());
        assertEquals(2, chip.datagrams());
    }

    @Test
    void activeLowWiringDrivesDrvEnnDirectly() {
        TmcBench direct = new TmcBench(true);
        Tmc5160Axis a = direct.axis();
        try {
            assertTrue(direct.enableLine().isHigh(), "DRV_ENN high: off");
            assertFalse(direct.model.powered());
            a.enable(true);
            assertTrue(direct.enableLine().isLow());
            assertTrue(direct.model.powered());
            a.close();
            assertTrue(direct.enableLine().isHigh());
            assertFalse(direct.model.powered());
        } finally {
            a.close();
            direct.shutdown();
        }
    }
}
