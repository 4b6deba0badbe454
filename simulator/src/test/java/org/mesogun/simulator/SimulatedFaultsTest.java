package org.mesogun.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every fault of requirements §9, each with an effect a controller's sensors could observe. */
class SimulatedFaultsTest {

    private static SimRig homedAtPark(SimSpec spec) {
        SimRig rig = new SimRig(spec);
        rig.home();
        rig.moveTo(park(rig), SimRig.NOMINAL);
        return rig;
    }

    private static long park(SimRig rig) {
        return Math.round((rig.gun.spec().trueZeroMm - 1.0) * rig.gun.spec().trueStepsPerMm);
    }

    private static long encoderError(SimRig rig, long encoderAtHome) {
        return rig.gun.axis().position() - (rig.gun.feedback().encoderSteps() - encoderAtHome);
    }

    @Test
    void stallLosesEveryStep() {
        SimRig rig = new SimRig();
        rig.home();
        long enc = rig.gun.feedback().encoderSteps();
        rig.gun.inject(SimFault.STALL);
        rig.moveTo(1000, SimRig.NOMINAL);
        assertEquals(1000, encoderError(rig, enc));
    }

    @Test
    void blockedAxisStopsTheCarriageShortOfItsTarget() {
        SimRig rig = homedAtPark(SimSpec.defaults(1));
        long enc = rig.gun.feedback().encoderSteps() - rig.gun.axis().position();
        rig.gun.inject(SimFault.BLOCKED_AXIS);
        double before = rig.gun.truth().carriageMm();
        rig.moveTo(park(rig) + 1000, SimRig.NOMINAL);
        assertEquals(0.3, rig.gun.truth().carriageMm() - before, 0.01);
        assertTrue(encoderError(rig, enc) > 800);
    }

    @Test
    void lostStepsOnRetractLeaveTheCarriageDeeperThanBelieved() {
        SimRig rig = homedAtPark(SimSpec.defaults(1));
        long enc = rig.gun.feedback().encoderSteps() - rig.gun.axis().position();
        rig.moveTo(park(rig) + 1200, SimRig.NOMINAL);
        rig.gun.inject(SimFault.LOST_STEPS);
        rig.moveTo(park(rig), SimRig.NOMINAL);
        assertEquals(-40, encoderError(rig, enc), "40 steps short of park, towards the skin");
    }

    @Test
    void brokenHomeSwitchNeverReadsActive() {
        SimRig rig = new SimRig();
        rig.gun.inject(SimFault.HOME_SWITCH_BROKEN);
        rig.gun.axis().enable(true);
        rig.gun.axis().moveTo(-100_000, SimRig.HOMING);
        boolean seen = false;
        for (int i = 0; i < 4000; i++) {
            rig.runMs(1);
            seen |= rig.gun.homeSwitch().isActive();
        }
        assertFalse(seen);
        assertTrue(rig.gun.truth().carriageMm() < 0, "the carriage reached the switch anyway");
    }

    @Test
    void stuckParkFlagReadsAtParkInTheSkin() {
        SimRig rig = homedAtPark(SimSpec.defaults(1));
        rig.gun.inject(SimFault.PARK_FLAG_STUCK);
        rig.moveTo(park(rig) + 1200, SimRig.NOMINAL);
        assertTrue(rig.gun.truth().tipDepthMm() > 1.5);
        assertTrue(rig.gun.feedback().parkFlag().isActive());
    }

    @Test
    void valveStuckOpenFlowsUntilTheDeadmanDropsIt() {
        SimRig rig = new SimRig(SimSpec.builder().shotNoiseSigma(0).build());
        rig.gun.inject(SimFault.VALVE_STUCK_OPEN);
        rig.gun.valve().armDeadman();
        rig.gun.valve().pulse(10_000);
        rig.runMs(100);
        // Flows from 1.5 ms to the dead-man's 45 ms + 0.8 ms close delay instead of 10.8 ms.
        assertEquals(0.94 * (45 + 0.8 - 1.5), rig.gun.truth().deliveredUl(), 0.1);
        assertEquals(0.94 * 35, rig.gun.truth().excessUl(), 0.1);
        assertEquals(10_000, rig.gun.valve().lastPulseMicros(), "the driver believes it closed on time");
    }

    @Test
    void valveStuckClosedDeliversNothingAndThePlungerStaysPut() {
        SimRig rig = new SimRig(SimSpec.builder().plunger(true, 5, 0).build());
        rig.gun.inject(SimFault.VALVE_STUCK_CLOSED);
        rig.shot(20_000);
        assertEquals(0, rig.gun.truth().deliveredUl());
        assertEquals(0, rig.gun.plunger().travelMicrons());
        assertEquals(1, rig.gun.valve().pulsesCompleted(), "the driver pulsed");
    }

    @Test
    void occlusionStopsTheFlowWithTheValveOpen() {
        SimRig rig = new SimRig(SimSpec.builder().plunger(true, 5, 0).build());
        rig.gun.inject(SimFault.OCCLUSION);
        rig.gun.valve().armDeadman();
        rig.gun.valve().pulse(20_000);
        rig.runMs(5);
        assertTrue(rig.gun.valve().isOpen());
        rig.runMs(30);
        assertEquals(0, rig.gun.plunger().travelMicrons());
    }

    @Test
    void sensorNoiseMakesThePlungerReadingScatter() {
        SimRig rig = new SimRig();
        double quietSpread = spread(rig);
        rig.gun.inject(SimFault.SENSOR_NOISE);
        double noisySpread = spread(rig);
        assertTrue(noisySpread > 5 * quietSpread, quietSpread + " vs " + noisySpread);
    }

    private static double spread(SimRig rig) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = 0; i < 500; i++) {
            double r = rig.gun.plunger().travelMicrons();
            min = Math.min(min, r);
            max = Math.max(max, r);
        }
        return max - min;
    }

    @Test
    void stuckTriggerReadsPressedWhateverTheClinicianDoes() {
        SimRig rig = new SimRig();
        rig.gun.inject(SimFault.TRIGGER_STUCK);
        rig.gun.pressTrigger(false);
        rig.runMs(20);
        assertTrue(rig.gun.trigger().isActive());
        rig.gun.clear(SimFault.TRIGGER_STUCK);
        rig.runMs(20);
        assertFalse(rig.gun.trigger().isActive());
    }

    @Test
    void hubOpensDuringTheNextShotInTheSkin() {
        SimRig rig = homedAtPark(SimSpec.defaults(1));
        rig.gun.inject(SimFault.HUB_OPENED_MID_SHOT);
        rig.gun.setSkinContact(true);
        rig.moveTo(park(rig) + Math.round(2.0 * rig.gun.spec().trueStepsPerMm), SimRig.NOMINAL);
        rig.runMs(10);
        assertTrue(rig.gun.needleHub().isActive(), "still fitted before the shot");
        rig.shot(10_000);
        rig.runMs(10);
        assertFalse(rig.gun.needleHub().isActive());
    }

    @Test
    void loopPauseIsHandedToTheRunnerOnce() {
        SimRig rig = new SimRig();
        rig.gun.inject(SimFault.LOOP_PAUSE);
        assertEquals(60_000_000, rig.gun.takeLoopPauseNanos());
        assertEquals(0, rig.gun.takeLoopPauseNanos());
    }

    @Test
    void powerLossClosesTheValveAndStopsTheMotor() {
        SimRig rig = homedAtPark(SimSpec.builder().shotNoiseSigma(0).build());
        rig.gun.valve().armDeadman();
        rig.gun.valve().pulse(20_000);
        rig.runMs(5);
        rig.gun.inject(SimFault.POWER_LOSS);
        rig.runMs(30);
        assertEquals(0.94 * (5 + 0.8 - 1.5), rig.gun.truth().deliveredUl(), 1e-3);
        double at = rig.gun.truth().carriageMm();
        rig.gun.axis().moveTo(park(rig) + 1000, SimRig.NOMINAL);
        rig.runMs(100);
        assertEquals(at, rig.gun.truth().carriageMm());
        assertFalse(rig.gun.truth().powered());
        assertThrows(IllegalStateException.class, () -> rig.gun.clear(SimFault.POWER_LOSS));
    }

    @Test
    void everyFaultIsKnownByItsCommandLineName() {
        for (SimFault f : SimFault.values()) {
            assertEquals(f, SimFault.byName(f.cliName()));
        }
        assertThrows(IllegalArgumentException.class, () -> SimFault.byName("gremlins"));
    }
}
