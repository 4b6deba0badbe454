package org.mesogun.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;
import org.mesogun.controller.Outputs;

/**
 * SR-1 at the monitor before homing: no move toward the skin with skin contact closed, and at
 * most 0.25 mm forward per power-up, counted in the fewest true steps per mm the hardware allows
 * (nominal 400 − 5 %: 95 steps), whatever the calibration says.
 */
class UnhomedAdvanceTest {

    /** 95 steps: 0.25 mm × 400 × 0.95. */
    private static final long BUDGET = 95;

    /** Unhomed, standing at {@code pos} (the switch reads closed there when stuck). */
    private static MonitorRig unhomed(double calibratedStepsPerMm, long pos, boolean homeSwitch) {
        TestSettings t = TestSettings.defaults();
        t.stepsPerMm = calibratedStepsPerMm;
        MonitorRig rig = new MonitorRig(t);
        rig.at(pos);
        rig.in.home = homeSwitch;
        return rig;
    }

    /** Proposes a slow (homing-profile) move to {@code target}; returns whether it went out. */
    private static boolean slowMove(MonitorRig rig, long target) {
        Outputs o = rig.next();
        o.moveTarget = target;
        o.homingProfile = true;
        rig.check(Activity.NONE);
        return o.moveTarget == target;
    }

    @Test
    @Verifies("SR-1")
    void theBudgetIsCountedInTheFewestStepsAnAxisMayHaveNotInTheCalibratedOnes() {
        assertEquals(BUDGET, TestSettings.defaults().build().unhomedForwardSteps());
        MonitorRig rig = unhomed(420, 5_000, true);   // calibrated 420 would make it 105
        assertTrue(slowMove(rig, 5_000 + BUDGET), "the whole budget at once: " + rig.monitor.latched());
        assertNull(rig.monitor.latched());
        rig.at(5_000 + BUDGET);
        rig.in.home = true;
        assertFalse(slowMove(rig, 5_000 + BUDGET + 1), "one step past it");
        assertEquals(FaultCode.HOMING_FAILED, rig.monitor.latched());
    }

    @Test
    @Verifies("SR-1")
    void forwardMovesAddUpAcrossAttempts() {
        MonitorRig rig = unhomed(400, 5_000, true);
        assertTrue(slowMove(rig, 5_050));
        rig.at(5_050);
        rig.in.home = true;
        assertTrue(slowMove(rig, 5_050 + BUDGET - 50), "what is left of the budget");
        rig.at(5_050 + BUDGET - 50);
        rig.in.home = true;
        assertFalse(slowMove(rig, 5_050 + BUDGET - 49));
        assertEquals(FaultCode.HOMING_FAILED, rig.monitor.latched());
    }

    @Test
    @Verifies("SR-1")
    void withSkinContactNotOneStepTowardTheSkin() {
        MonitorRig rig = unhomed(400, 5_000, true);
        rig.in.skin = true;
        assertFalse(slowMove(rig, 5_001));
        assertEquals(FaultCode.HOMING_FAILED, rig.monitor.latched());
    }

    @Test
    @Verifies("SR-1")
    void awayFromTheSkinIsNeverCounted() {
        MonitorRig rig = unhomed(400, 5_000, false);
        rig.in.skin = true;
        assertTrue(slowMove(rig, 1_000), "the seek toward the switch: " + rig.monitor.latched());
        assertNull(rig.monitor.latched());
    }

    /**
     * The switch closing under a move away from the skin says the carriage is at the retracted
     * end: the move off it (and the approach) are then not counted against the budget.
     */
    @Test
    @Verifies("SR-1")
    void onceTheSwitchClosedUnderARetractTheMoveOffItIsNotCounted() {
        MonitorRig rig = unhomed(400, 200, false);
        rig.in.axisTarget = -10_000;   // seeking toward the switch
        rig.next();
        rig.check(Activity.NONE);
        rig.in.home = true;            // and it closes
        rig.next();
        rig.check(Activity.NONE);
        rig.in.axisTarget = rig.in.axisPosition;
        assertTrue(slowMove(rig, 200 + 3 * BUDGET), "off the switch, any distance: " + rig.monitor.latched());
        assertNull(rig.monitor.latched());
    }

    @Test
    @Verifies("SR-1")
    void aSwitchAlreadyClosedAtPowerUpIsNotTakenForHomeFound() {
        MonitorRig rig = unhomed(400, 5_000, true);
        rig.in.axisTarget = 4_000;   // a target behind, but the switch was closed before it
        rig.next();
        rig.check(Activity.NONE);
        rig.in.axisTarget = rig.in.axisPosition;
        assertFalse(slowMove(rig, 5_000 + BUDGET + 1));
        assertEquals(FaultCode.HOMING_FAILED, rig.monitor.latched());
    }
}
