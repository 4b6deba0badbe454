package org.mesogun.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;
import org.mesogun.controller.Outputs;

/**
 * What every latched fault does, whatever its cause: valve shut first, then a slow retract to
 * park, then the stepper disabled; the latch holds until acknowledged and the axis homes again.
 */
class SafeStateTest {

    private final MonitorRig rig = new MonitorRig().homedAtPark();

    private void faultInTheSkin() {
        rig.startSession();
        rig.insert();
        rig.monitor.raise(FaultCode.DOSE_OUT_OF_TOLERANCE, rig.in.now);
    }

    @Test
    @Verifies({"SR-7", "SR-11"})
    void aFaultShutsTheValveThenRetractsThenDisablesTheAxis() {
        faultInTheSkin();
        rig.next();
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.DOSE_OUT_OF_TOLERANCE);
        assertEquals(rig.park, rig.out.moveTarget);
        assertFalse(rig.out.homingProfile, "out of the skin at full speed: the motion is not at fault");
        assertTrue(rig.out.axisEnable);
        assertFalse(rig.monitor.safeReached());

        rig.in.axisMoving = true;
        rig.next().moveTarget = rig.target;   // a buggy machine asking to go back in
        assertFalse(rig.check(Activity.NONE));
        assertEquals(Outputs.NO_MOVE, rig.out.moveTarget, "the retract in progress is not re-issued or replaced");
        assertTrue(rig.out.axisEnable, "the stepper holds while it moves");
        assertTrue(rig.out.valveShut);
        assertFalse(rig.monitor.safeReached());

        rig.at(rig.park);
        rig.next();
        assertFalse(rig.check(Activity.NONE));
        assertEquals(Outputs.NO_MOVE, rig.out.moveTarget);
        assertFalse(rig.out.axisEnable, "stepper disabled at park");
        assertTrue(rig.monitor.safeReached());
    }

    @Test
    @Verifies("SR-7")
    void withTheAxisDisabledTheSafeStateIsAHalt() {
        rig.in.axisEnabled = false;
        rig.monitor.raise(FaultCode.LOOP_STALLED, rig.in.now);
        rig.next();
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.LOOP_STALLED);
        assertTrue(rig.out.haltAxis);
        assertFalse(rig.out.axisEnable);
        assertEquals(Outputs.NO_MOVE, rig.out.moveTarget);
        assertTrue(rig.monitor.safeReached());
    }

    @Test
    void theFirstFaultIsTheOneLatched() {
        rig.monitor.raise(FaultCode.MOVE_TIMEOUT, 123);
        rig.monitor.raise(FaultCode.HOMING_FAILED, 456);
        rig.in.stop = true;
        rig.next();
        assertFalse(rig.check(Activity.NONE));
        assertEquals(FaultCode.MOVE_TIMEOUT, rig.monitor.latched());
        assertEquals(123, rig.monitor.latchedAt());
        assertEquals(1, rig.monitor.faultCount());
    }

    @Test
    void aFaultIsCountedEachTimeItLatches() {
        rig.monitor.raise(FaultCode.MOVE_TIMEOUT, rig.in.now);
        assertTrue(rig.monitor.acknowledge(rig.in));
        rig.monitor.raise(FaultCode.MOVE_TIMEOUT, rig.in.now);
        assertEquals(2, rig.monitor.faultCount());
    }

    @Test
    @Verifies("SR-8")
    void afterAnAcknowledgementTheAxisMustHomeAgain() {
        rig.monitor.raise(FaultCode.MOVE_TIMEOUT, rig.in.now);
        assertTrue(rig.monitor.homed());
        assertTrue(rig.monitor.acknowledge(rig.in));
        assertFalse(rig.monitor.homed());
        rig.next().moveTarget = rig.park;
        assertFalse(rig.check(Activity.NONE), "a fast move before homing again");
        rig.assertSafe(FaultCode.SEQUENCE);
    }

    @Test
    void acknowledgingWithNothingLatchedIsHarmless() {
        assertTrue(rig.monitor.acknowledge(rig.in));
        assertNull(rig.monitor.latched());
        assertTrue(rig.monitor.homed());
    }

    @Test
    void anAcknowledgementForgetsThePulseInFlight() {
        rig.next().valvePulseMicros = 20_000;
        rig.assertPassed(rig.check(Activity.PRIME));
        rig.monitor.raise(FaultCode.MOVE_TIMEOUT, rig.in.now);
        assertTrue(rig.monitor.acknowledge(rig.in));
        rig.at(0);
        rig.next().setPosition = 0;
        rig.assertPassed(rig.check(Activity.NONE));
        rig.next().moveTarget = rig.park;
        rig.assertPassed(rig.check(Activity.NONE));
    }

    @Test
    void theMonitorHandsOutItsGuards() {
        assertTrue(rig.monitor.needle() == rig.needle);
        assertTrue(rig.monitor.plunger() == rig.plunger);
    }

    @Test
    @Verifies("SR-9")
    void afterAnAcknowledgementThePlungerSensorIsJudgedAfresh() {
        rig.idle(20);
        rig.monitor.raise(FaultCode.VALVE_LEAK, rig.in.now);
        rig.in.plungerMicrons += 500;   // what leaked before the valve was shut
        assertTrue(rig.monitor.acknowledge(rig.in));
        rig.at(0);
        rig.next().setPosition = 0;
        rig.assertPassed(rig.check(Activity.NONE));
        rig.at(rig.park);
        rig.idle(30);
        assertNull(rig.monitor.latched());
    }
}
