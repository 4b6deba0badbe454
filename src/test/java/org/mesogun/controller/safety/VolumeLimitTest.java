package org.mesogun.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;

/** SR-5: the session's cumulative cap and the reservoir (less its reserve) bound every dose. */
class VolumeLimitTest {

    private static final long GAP = 150 * MonitorRig.MS;

    private static MonitorRig rig(double capUl, boolean sensor) {
        TestSettings t = TestSettings.defaults();
        t.sessionMaxDoseUl = capUl;
        return new MonitorRig(t, sensor).homedAtPark();
    }

    @Test
    @Verifies("SR-5")
    void theSessionCapRefusesTheNextDose() {
        MonitorRig rig = rig(50, true);
        rig.startSession();
        rig.point(20);
        rig.idleUntil(rig.in.now + GAP);
        rig.point(20);
        rig.idleUntil(rig.in.now + GAP);
        rig.insert();
        assertFalse(rig.propose(20_000), "40 µL delivered + 20 µL is over the 50 µL cap");
        rig.assertSafe(FaultCode.VOLUME_LIMIT);
    }

    @Test
    @Verifies("SR-5")
    void aDoseWhoseWorstCaseReachesTheCapExactlyPasses() {
        // 40 µL delivered; the next 20 µL point may deliver up to 1.45 x 20 = 29 µL: 69 µL.
        MonitorRig rig = rig(69, false);
        rig.startSession();
        rig.point(20);
        rig.idleUntil(rig.in.now + GAP);
        rig.point(20);
        rig.idleUntil(rig.in.now + GAP);
        rig.insert();
        rig.assertPassed(rig.propose(20_000));
    }

    @Test
    @Verifies("SR-5")
    void theSessionCapCountsValveTimeWithoutAPlungerSensor() {
        MonitorRig rig = rig(60, false);
        rig.startSession();
        rig.point(20);
        assertEquals(20, rig.plunger.sessionDeliveredUl(), 1e-9);
        rig.idleUntil(rig.in.now + GAP);
        rig.point(20);
        rig.idleUntil(rig.in.now + GAP);
        rig.insert();
        assertFalse(rig.propose(20_000));
        rig.assertSafe(FaultCode.VOLUME_LIMIT);
    }

    @Test
    @Verifies("SR-5")
    void aNewSessionStartsItsOwnCount() {
        MonitorRig rig = rig(30, false);
        rig.startSession();
        rig.point(20);
        rig.monitor.endSession();
        rig.counters.newNeedle();   // a fresh needle for the next session
        assertNull(rig.monitor.beginSession(1.0, 20));
        assertEquals(0, rig.plunger.sessionDeliveredUl(), 1e-9);
        rig.idleUntil(rig.in.now + GAP);
        rig.point(20);
        assertNull(rig.monitor.latched());
    }

    @Test
    @Verifies("SR-5")
    void neverFireADoseTheReservoirCannotDeliver() {
        MonitorRig rig = rig(20_000, false);
        rig.monitor.syringeLoaded(140);   // 140 µL less the 100 µL reserve: two 20 µL points
        assertNull(rig.monitor.beginSession(1.0, 20));
        rig.point(20);
        rig.idleUntil(rig.in.now + GAP);
        rig.point(20);
        rig.idleUntil(rig.in.now + GAP);
        rig.insert();
        assertFalse(rig.propose(20_000), "100 µL left is all reserve");
        rig.assertSafe(FaultCode.VOLUME_LIMIT);
    }

    @Test
    @Verifies("SR-5")
    void theReservoirFollowsThePlungerSensor() {
        MonitorRig rig = rig(20_000, true);
        rig.monitor.syringeLoaded(139);
        assertNull(rig.monitor.beginSession(1.0, 20));
        rig.point(20);
        assertEquals(119, rig.plunger.remainingUl(), 0.01);
        rig.idleUntil(rig.in.now + GAP);
        rig.insert();
        assertFalse(rig.propose(20_000), "119 µL less 100 µL reserve cannot give 20 µL");
        rig.assertSafe(FaultCode.VOLUME_LIMIT);
    }

    @Test
    @Verifies("SR-5")
    void aFaultAcknowledgementDoesNotRefillTheReservoir() {
        MonitorRig rig = rig(20_000, true);
        rig.monitor.syringeLoaded(139);
        assertNull(rig.monitor.beginSession(1.0, 20));
        rig.point(20);
        rig.monitor.raise(FaultCode.MOVE_TIMEOUT, rig.in.now);
        rig.monitor.endSession();
        assertTrue(rig.monitor.acknowledge(rig.in));
        rig.homedAtPark();
        rig.idleUntil(rig.in.now + GAP);
        assertEquals(119, rig.plunger.remainingUl(), 0.01);
        rig.counters.newNeedle();
        assertNull(rig.monitor.beginSession(1.0, 20));
        rig.insert();
        assertFalse(rig.propose(20_000), "119 µL less 100 µL reserve cannot give 20 µL");
        rig.assertSafe(FaultCode.VOLUME_LIMIT);
    }

    @Test
    @Verifies("SR-5")
    void theLimitsAreJudgedAtTheStartOfAPointNotBetweenItsPulses() {
        // A perfusion train: the point was allowed (its worst case, 29 µL, fits the 30 µL cap),
        // its later pulses finish it.
        MonitorRig rig = rig(30, false);
        rig.startSession(1.0, 20);
        rig.insert();
        rig.assertPassed(rig.propose(15_000));
        rig.runPulse(15_000);
        rig.idle(3);
        rig.assertPassed(rig.propose(5_000));
    }
}
