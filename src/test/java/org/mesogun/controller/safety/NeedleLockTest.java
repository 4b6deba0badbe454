package org.mesogun.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;
import org.mesogun.controller.Outputs;

/** SR-4 at the monitor: a needle at a limit or locked out never goes into the skin again. */
class NeedleLockTest {

    private static MonitorRig rig(int punctureLimit, long timeLimitNanos) {
        TestSettings t = TestSettings.defaults();
        t.punctureLimit = punctureLimit;
        t.needleTimeLimitNanos = timeLimitNanos;
        return new MonitorRig(t).homedAtPark();
    }

    private static void spacedPoints(MonitorRig rig, int n) {
        for (int i = 0; i < n; i++) {
            rig.point(20);
            rig.idleUntil(rig.in.now + 150 * MonitorRig.MS);
        }
    }

    @Test
    @Verifies("SR-4")
    void aNeedleAtItsPunctureLimitCannotFire() {
        MonitorRig rig = rig(3, Long.MAX_VALUE);
        rig.startSession();
        spacedPoints(rig, 3);
        assertEquals(3, rig.needle.punctures());
        rig.in.skin = true;
        rig.next().moveTarget = rig.target;
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.NEEDLE_LOCKED);
    }

    @Test
    @Verifies("SR-4")
    void aNeedleBelowItsPunctureLimitStillFires() {
        MonitorRig rig = rig(3, Long.MAX_VALUE);
        rig.startSession();
        spacedPoints(rig, 2);
        rig.point(20);
        assertNull(rig.monitor.latched());
    }

    @Test
    @Verifies("SR-4")
    void aNeedleAtItsTimeLimitCannotFire() {
        MonitorRig rig = rig(120, 1_000 * MonitorRig.MS);
        rig.startSession();
        rig.idleUntil(rig.in.now + 1_000 * MonitorRig.MS);
        assertTrue(rig.needle.locked());
        rig.in.skin = true;
        rig.next().moveTarget = rig.target;
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.NEEDLE_LOCKED);
    }

    @Test
    @Verifies("SR-4")
    void theLastAllowedPunctureIsDosed() {
        MonitorRig rig = rig(1, Long.MAX_VALUE);
        rig.startSession();
        rig.insert();
        assertTrue(rig.needle.locked(), "the puncture in progress reached the limit");
        rig.assertPassed(rig.propose(20_000));
    }

    @Test
    @Verifies("SR-4")
    void aTimeLimitReachedMidShotLetsTheShotFinish() {
        MonitorRig rig = rig(120, 500 * MonitorRig.MS);
        rig.startSession();
        rig.idleUntil(rig.in.now + 495 * MonitorRig.MS);
        rig.insert();
        rig.idle(10);
        assertTrue(rig.needle.locked());
        rig.assertPassed(rig.propose(20_000));
    }

    @Test
    @Verifies("SR-4")
    void aNeedleLockedOutMidShotIsNotDosed() {
        MonitorRig rig = rig(120, Long.MAX_VALUE);
        rig.startSession();
        rig.insert();
        rig.needle.lockOut();
        assertFalse(rig.propose(20_000));
        rig.assertSafe(FaultCode.NEEDLE_LOCKED);
    }

    @Test
    @Verifies("SR-4")
    void aLockedNeedleCannotFire() {
        MonitorRig rig = rig(120, Long.MAX_VALUE);
        rig.needle.lockOut();   // as after an unclean stop
        rig.in.skin = true;
        rig.next().moveTarget = rig.zero + 1;
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.NEEDLE_LOCKED);
    }

    @Test
    @Verifies("SR-4")
    void aLockedNeedleMayStillMoveOutsideTheSkin() {
        MonitorRig rig = rig(120, Long.MAX_VALUE);
        rig.needle.lockOut();
        rig.next().moveTarget = rig.zero;
        rig.assertPassed(rig.check(Activity.NONE));
        assertEquals(rig.zero, rig.out.moveTarget);
    }

    @Test
    @Verifies("SR-4")
    void aSessionStartsOnAFreshNeedle() {
        MonitorRig rig = rig(120, Long.MAX_VALUE);
        rig.startSession();
        rig.point(20);
        rig.monitor.endSession();
        String why = rig.monitor.beginSession(1.0, 20);
        assertNotNull(why);
        assertTrue(why.contains("fresh needle"), why);

        rig.in.needleFitted = false;
        rig.idleUntil(rig.in.now + 300 * MonitorRig.MS);
        rig.in.needleFitted = true;
        rig.idle();
        assertTrue(rig.needle.changedThisTick());
        assertNull(rig.monitor.beginSession(1.0, 20));
    }

    @Test
    @Verifies("SR-4")
    void aLockedOutNeedleCannotStartASession() {
        MonitorRig rig = rig(120, Long.MAX_VALUE);
        rig.needle.lockOut();
        assertNotNull(rig.monitor.beginSession(1.0, 20));
    }

    @Test
    @Verifies("SR-4")
    void aHubOpenedMidShotIsAFaultNeverAChange() {
        MonitorRig rig = rig(120, Long.MAX_VALUE);
        rig.startSession();
        rig.insert();
        int serial = rig.needle.needleSerial();
        rig.in.needleFitted = false;
        rig.next();
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.NEEDLE_HUB_OPENED);
        rig.runUntil(rig.in.now + 400 * MonitorRig.MS);
        rig.in.needleFitted = true;
        rig.next();
        rig.check(Activity.NONE);
        assertFalse(rig.needle.changedThisTick());
        assertEquals(serial, rig.needle.needleSerial());
        assertEquals(1, rig.needle.punctures());
    }

    @Test
    @Verifies("SR-4")
    void aHubOpenedDuringAPulseAtParkIsAFault() {
        MonitorRig rig = rig(120, Long.MAX_VALUE);
        rig.next().valvePulseMicros = 20_000;
        rig.assertPassed(rig.check(Activity.PRIME));
        rig.in.needleFitted = false;
        rig.next();
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.NEEDLE_HUB_OPENED);
    }

    @Test
    @Verifies("SR-4")
    void aHubOpenedWithTheValveReportingOpenIsAFault() {
        MonitorRig rig = rig(120, Long.MAX_VALUE);
        rig.in.valveOpen = true;
        rig.in.needleFitted = false;
        rig.next();
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.NEEDLE_HUB_OPENED);
    }

    @Test
    @Verifies("SR-4")
    void aHubOpenedAtParkWithNothingInFlightIsNoFault() {
        MonitorRig rig = rig(120, Long.MAX_VALUE);
        rig.at(rig.zero);   // flush with the skin is not in it
        rig.idle();
        rig.in.needleFitted = false;
        rig.idle(5);
        assertNull(rig.monitor.latched());
        assertTrue(rig.needle.hubOpen());
    }

    /**
     * Found by a review: the machine sees the hub opening one tick after the monitor, and a
     * trigger pressed in that tick started an insertion stopped only ~0.1 mm past zero.
     */
    @Test
    @Verifies("SR-4")
    void theHubOpenTickStartsNoMotionPastZero() {
        MonitorRig rig = rig(120, Long.MAX_VALUE);
        rig.startSession();
        rig.in.skin = true;
        rig.in.needleFitted = false;   // the hub opens in this very tick
        rig.next().moveTarget = rig.target;
        assertFalse(rig.check(Activity.NONE));
        assertEquals(Outputs.NO_MOVE, rig.out.moveTarget, "no insertion");
        rig.assertSafe(FaultCode.NEEDLE_HUB_OPENED);
    }

    /** The refusal is of motion past zero: with the hub open the tip may still come flush, no further. */
    @Test
    @Verifies("SR-4")
    void withTheHubOpenAMoveToZeroIsNotPastZero() {
        MonitorRig rig = rig(120, Long.MAX_VALUE);
        rig.in.needleFitted = false;
        rig.next().moveTarget = rig.s.zeroSteps();
        rig.assertPassed(rig.check(Activity.NONE));
        assertEquals(rig.s.zeroSteps(), rig.out.moveTarget);
    }
}
