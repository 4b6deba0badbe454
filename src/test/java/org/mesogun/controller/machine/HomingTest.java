package org.mesogun.controller.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;
import org.mesogun.controller.State;
import org.mesogun.controller.safety.FaultCode;
import org.mesogun.controller.safety.TestSettings;
import org.mesogun.hal.LedState;

/**
 * Start-up (SR-10): the axis homes before anything else, and the depth reference it sets is the
 * switch's first step, because every depth is counted from it (SR-1). A switch that misbehaves
 * leaves the gun in an alarm, not armed.
 */
class HomingTest {

    @Test
    @Verifies("SR-10")
    void atPowerUpTheAxisHomesAndParksBeforeTheMenuAppears() {
        MachineRig rig = new MachineRig();
        rig.tick();
        assertEquals(State.HOMING, rig.state());
        assertEquals(LedState.BUSY, rig.led);
        assertEquals("Homing", rig.line1);
        assertEquals("please wait", rig.line2);
        rig.booted();
        assertEquals(rig.x, rig.position(), "position 0 is where the switch first closes");
        assertEquals(rig.park, rig.machine.lastPosition(), "what the console reports");
        assertTrue(rig.monitor.homed());
        assertEquals(LedState.ATTENTION, rig.led);
        assertEquals("Protocol", rig.line1);
        rig.assertNoAlarm();
    }

    @Test
    void theSeekOvershootsButTheSlowApproachZeroesOnTheSwitchsFirstStep() {
        MachineRig rig = new MachineRig();
        long[] lowest = {Long.MAX_VALUE};
        rig.homeSwitch = pos -> {
            lowest[0] = Math.min(lowest[0], pos);
            return pos <= 0;
        };
        rig.booted();
        assertTrue(lowest[0] < 0, "the fast seek went past the switch");
        assertEquals(0, rig.offset, "yet zero is exactly at the switch");
    }

    @Test
    void aCarriageStartingOnTheSwitchLeavesItFirstThenHomes() {
        MachineRig rig = new MachineRig();
        rig.x = -20;   // 0.05 mm onto the switch: it takes three ticks to leave it
        rig.offset = -20;
        rig.booted();
        assertEquals(0, rig.offset);
        rig.assertNoAlarm();
    }

    @Test
    void afterTheSeekTheCarriageBacksOffAQuarterMillimetreForTheSlowApproach() {
        MachineRig rig = new MachineRig();
        boolean[] found = {false};
        long[] furthest = {Long.MIN_VALUE};
        rig.homeSwitch = pos -> {
            if (found[0] && rig.speed != MachineRig.FAST) {
                furthest[0] = Math.max(furthest[0], pos);
            }
            found[0] |= pos <= 0;
            return pos <= 0;
        };
        rig.booted();
        // The seek overshot by a few steps; backing off 100 steps from there ends just short of 100.
        assertTrue(furthest[0] > 90 && furthest[0] <= 100, () -> "backed off to " + furthest[0]);
    }

    @Test
    @Verifies("SR-10")
    void aSwitchThatNeverOpensIsAHomingFailure() {
        MachineRig rig = new MachineRig();
        rig.x = 0;
        rig.offset = 0;
        rig.homeSwitch = pos -> true;
        rig.untilState(State.FAULT, 1_000);
        assertEquals(FaultCode.HOMING_FAILED, rig.latched());
        assertFalse(rig.monitor.homed());
    }

    @Test
    @Verifies("SR-10")
    void aSwitchThatNeverClosesIsAHomingFailureWhenTheSeekEnds() {
        MachineRig rig = new MachineRig();
        rig.homeSwitch = pos -> false;
        rig.untilState(State.FAULT, 10_000);
        assertEquals(FaultCode.HOMING_FAILED, rig.latched());
        assertEquals(rig.in.axisTarget, rig.position(), "it went the whole way first");
    }

    @Test
    void aSwitchStuckClosedAfterTheSeekIsAHomingFailure() {
        MachineRig rig = new MachineRig();
        boolean[] closed = {false};
        rig.homeSwitch = pos -> closed[0] |= pos <= 0;   // welded once it has closed
        rig.untilState(State.FAULT, 10_000);
        assertEquals(FaultCode.HOMING_FAILED, rig.latched());
        assertFalse(rig.monitor.homed());
    }

    @Test
    void aSwitchThatClosesOnceAndNeverAgainFailsTheSlowApproach() {
        MachineRig rig = new MachineRig();
        boolean[] used = {false};
        rig.homeSwitch = pos -> {
            if (pos <= 0 && !used[0]) {
                used[0] = true;
                return true;
            }
            return false;
        };
        rig.untilState(State.FAULT, 10_000);
        assertEquals(FaultCode.HOMING_FAILED, rig.latched());
        assertFalse(rig.monitor.homed());
    }

    @Test
    @Verifies("SR-8")
    void aJammedSeekFailsAtItsTimeNotBefore() {
        // 30 mm of travel at 4 k steps/s, half as long again, plus 0.5 s: 5 s, counted from the
        // second tick (the first leaves BOOT, the second starts the seek).
        MachineRig rig = new MachineRig();
        rig.jammed = true;
        rig.ticks(5_002);
        assertNull(rig.latched());
        assertEquals(State.HOMING, rig.state());
        rig.tick();
        assertEquals(FaultCode.HOMING_FAILED, rig.latched());
        rig.tick();
        assertEquals(State.FAULT, rig.state());
    }

    @Test
    @Verifies("SR-10")
    void anInvalidCalibrationRaisesItsAlarmAndNeverHomesOrArms() {
        TestSettings t = MachineRig.settings();
        t.calibrationValid = false;
        MachineRig rig = new MachineRig(t);
        rig.ticks(3);
        assertEquals(State.FAULT, rig.state());
        assertEquals(FaultCode.CALIBRATION_INVALID, rig.latched());
        assertEquals("ALARM " + FaultCode.CALIBRATION_INVALID.code(), rig.line1);
        assertEquals(0, rig.position(), "the axis never moved");
        rig.select();
        rig.ticks(10);
        assertEquals(State.FAULT, rig.state(), "an acknowledgement cannot clear it while the calibration is bad");
    }

    /** A start-up homing ends at park, where the flag must read: one that never does is a fault. */
    @Test
    @Verifies("SR-8")
    void aStartUpHomingEndsAtAParkFlagThatMustRead() {
        MachineRig rig = new MachineRig();
        rig.parkFlag = pos -> false;   // the flag never reads "at park"
        rig.until(() -> rig.latched() != null, 20_000, "an alarm");
        assertEquals(FaultCode.PARK_FLAG_MISSING, rig.latched());
    }
}
