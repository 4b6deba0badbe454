package org.mesogun.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;
import org.mesogun.controller.Outputs;

/** SR-8: feedback against the command, the park flag after a retract, the home switch. */
class MotionFaultTest {

    private final MonitorRig rig = new MonitorRig().homedAtPark();

    @Test
    @Verifies("SR-8")
    void encoderDisagreementBeyondTwoStepsIsAMotionFault() {
        rig.startSession();
        rig.insert();
        rig.in.encoderSteps = rig.target + 3;
        assertFalse(rig.propose(20_000));
        rig.assertSafe(FaultCode.ENCODER_MISMATCH);
    }

    @Test
    @Verifies("SR-8")
    void encoderBehindTheCommandBeyondTwoStepsIsAMotionFaultToo() {
        rig.at(rig.target);
        rig.in.encoderSteps = rig.target - 3;
        rig.next();
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.ENCODER_MISMATCH);
    }

    @Test
    @Verifies("SR-8")
    void encoderWithinTwoStepsIsNoFault() {
        rig.at(rig.target);
        rig.in.encoderSteps = rig.target + 2;
        rig.idle();
        rig.in.encoderSteps = rig.target - 2;
        rig.idle();
        assertNull(rig.monitor.latched());
    }

    @Test
    @Verifies("SR-8")
    void theEncoderIsReadRelativeToWhereHomingSetTheAxis() {
        MonitorRig fresh = new MonitorRig();
        fresh.in.encoderSteps = 12_345;   // the encoder counts from wherever it powered up
        fresh.next().setPosition = 0;
        fresh.assertPassed(fresh.check(Activity.NONE));
        fresh.at(fresh.park);
        fresh.in.encoderSteps = 12_345 + fresh.park + 2;
        fresh.idle();
        fresh.in.encoderSteps = 12_345 + fresh.park + 3;
        fresh.next();
        assertFalse(fresh.check(Activity.NONE));
        fresh.assertSafe(FaultCode.ENCODER_MISMATCH);
    }

    @Test
    @Verifies("SR-8")
    void homingMayDefineAPositionOtherThanZero() {
        MonitorRig fresh = new MonitorRig();
        fresh.in.encoderSteps = 1_000;
        fresh.next().setPosition = 100;   // the switch is 0.25 mm from the end of travel
        fresh.assertPassed(fresh.check(Activity.NONE));
        fresh.at(fresh.park);
        fresh.in.encoderSteps = 1_000 - 100 + fresh.park;
        fresh.idle();
        fresh.in.encoderSteps += 3;
        fresh.next();
        assertFalse(fresh.check(Activity.NONE));
        fresh.assertSafe(FaultCode.ENCODER_MISMATCH);
    }

    @Test
    @Verifies("SR-8")
    void withoutAnEncoderOnlyTheFlagAndSwitchesAreJudged() {
        rig.in.hasEncoder = false;
        rig.at(rig.target);
        rig.in.encoderSteps = 50_000;   // no encoder: whatever the input reads is meaningless
        rig.idle();
        assertNull(rig.monitor.latched());
    }

    @Test
    @Verifies("SR-8")
    void parkFlagMissingAfterRetractIsAMotionFault() {
        rig.at(rig.target);
        rig.idle();
        rig.at(rig.park);
        rig.in.parkFlag = false;   // steps lost on the retract: the carriage is not at park
        rig.idle(2);
        rig.next().valvePulseMicros = 20_000;
        assertFalse(rig.check(Activity.PRIME), "the third tick without the flag");
        rig.assertSafe(FaultCode.PARK_FLAG_MISSING);
    }

    @Test
    @Verifies("SR-8")
    void theParkFlagIsOnlyExpectedOnceTheAxisHasStopped() {
        rig.at(rig.park);
        rig.in.parkFlag = false;
        rig.in.axisMoving = true;
        rig.idle(10);
        rig.in.axisMoving = false;
        rig.in.parkFlag = true;
        rig.idle(10);
        assertNull(rig.monitor.latched());
    }

    @Test
    @Verifies("SR-8")
    void aFlickerOfTheParkFlagIsNoFault() {
        rig.at(rig.park);
        for (int i = 0; i < 10; i++) {
            rig.in.parkFlag = false;
            rig.idle(2);
            rig.in.parkFlag = true;
            rig.idle();
        }
        assertNull(rig.monitor.latched());
    }

    @Test
    @Verifies("SR-8")
    void aParkFlagStuckAtParkWithTheNeedleOutIsAMotionFault() {
        long clear = rig.s.parkFlagClearSteps();
        assertEquals(7744, clear);
        rig.at(clear);
        rig.in.parkFlag = true;
        rig.idle(2);
        rig.next();
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.PARK_FLAG_STUCK);
    }

    @Test
    @Verifies("SR-8")
    void theParkFlagMayReadAtParkJustShortOfWhereItMustHaveCleared() {
        rig.at(rig.s.parkFlagClearSteps() - 1);
        rig.in.parkFlag = true;
        rig.idle(10);
        assertNull(rig.monitor.latched());
    }

    @Test
    @Verifies("SR-8")
    void anUnexpectedHomeSwitchIsAMotionFault() {
        rig.at(201);   // half a millimetre from home is 200 steps
        rig.in.home = true;
        rig.next();
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.HOME_UNEXPECTED);
    }

    @Test
    @Verifies("SR-8")
    void theHomeSwitchWithinHalfAMillimetreOfHomeIsExpected() {
        rig.at(200);
        rig.in.home = true;
        rig.idle(5);
        assertNull(rig.monitor.latched());
    }

    @Test
    @Verifies("SR-8")
    void redefiningThePositionAwayFromTheHomeSwitchIsVetoed() {
        rig.at(rig.park);
        rig.next().setPosition = 0;
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.HOME_UNEXPECTED);
        assertEquals(Outputs.NO_MOVE, rig.out.setPosition);
    }

    @Test
    @Verifies("SR-8")
    void homingFailuresAndMoveTimeoutsRaisedByTheMachineLatch() {
        rig.monitor.raise(FaultCode.MOVE_TIMEOUT, rig.in.now);
        rig.next().moveTarget = rig.target;
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.MOVE_TIMEOUT);
    }
}
