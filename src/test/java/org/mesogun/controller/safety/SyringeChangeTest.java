package org.mesogun.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;

/**
 * A syringe changed within a session (SR-3, SR-5): while it is out nothing may fire and the
 * plunger readings mean nothing; the session's totals carry over; priming the new one is not dose.
 */
class SyringeChangeTest {

    private final MonitorRig rig = new MonitorRig().homedAtPark();

    @Test
    @Verifies("SR-3")
    void whileTheSyringeIsOutNoPulseIsAllowedEvenToPrime() {
        rig.monitor.syringeLoaded(10_000);
        rig.monitor.syringeRemoved();
        rig.next().valvePulseMicros = 10_000;
        assertFalse(rig.check(Activity.PRIME));
        rig.assertSafe(FaultCode.SEQUENCE);
    }

    @Test
    @Verifies("SR-9")
    void readingsWhileTheSyringeIsOutRaiseNoSensorFault() {
        rig.monitor.syringeLoaded(10_000);
        rig.idle(20);
        rig.monitor.syringeRemoved();
        rig.in.plungerMicrons = 0;   // the old syringe comes out: a jump of a millimetre
        rig.idle(20);
        rig.in.plungerMicrons = -3_000;
        rig.idle(20);
        assertNull(rig.monitor.latched());
    }

    @Test
    @Verifies("SR-5")
    void theSessionTotalCarriesOverASyringeChangeAndPrimingIsNotDose() {
        rig.startSession();
        rig.point(20);
        double before = rig.plunger.sessionDeliveredUl();
        assertTrue(before > 19 && before < 21, "first point " + before);

        rig.monitor.suspendSession();
        rig.monitor.syringeRemoved();
        assertEquals(before, rig.plunger.sessionDeliveredUl(), 1e-9, "frozen while out");
        rig.in.plungerMicrons = 0;   // the new syringe sits elsewhere
        rig.monitor.syringeLoaded(10_000);
        rig.idle(15);
        assertEquals(before, rig.plunger.sessionDeliveredUl(), 1e-9, "the new syringe's first reading is its base");
        assertEquals(10_000, rig.plunger.remainingUl(), 1e-9);

        // Priming the new syringe, parked and off the skin, moves the plunger: not session dose.
        rig.next().valvePulseMicros = 20_000;
        assertTrue(rig.check(Activity.PRIME), () -> "prime refused: " + rig.monitor.latched());
        rig.in.valveOpen = true;
        for (int i = 0; i < 20; i++) {   // 1 µL a tick for 20 ms
            rig.in.plungerMicrons += rig.s.micronsPerUl();
            rig.next();
            if (i == 19) {
                rig.in.valveOpen = false;
            }
            assertTrue(rig.check(Activity.PRIME), () -> "priming vetoed: " + rig.monitor.latched());
        }
        rig.idle(30);
        assertTrue(rig.plunger.remainingUl() < 9_985, "the reservoir counts the priming");
        assertTrue(rig.monitor.resumeSession());
        assertEquals(before, rig.plunger.sessionDeliveredUl(), 0.5, "priming is not dose");

        rig.idle(120);   // the minimum interval between shots (SR-6)
        rig.point(20);
        assertEquals(before + 20, rig.plunger.sessionDeliveredUl(), 1.0);
    }

    @Test
    @Verifies("SR-9")
    void aNewSyringeReadingElsewhereLongAfterTheLastPulseIsNeitherALeakNorASensorFault() {
        for (double newReading : new double[] {3_000, 0}) {
            MonitorRig r = new MonitorRig().homedAtPark();
            r.monitor.syringeLoaded(10_000);
            r.idle(40);   // quiet long enough for the leak baseline to be the old syringe's
            r.monitor.syringeRemoved();
            r.in.plungerMicrons = newReading;
            r.monitor.syringeLoaded(10_000);
            r.idle(40);
            assertNull(r.monitor.latched(), () -> "new syringe reading " + newReading);
        }
    }

    @Test
    @Verifies("SR-9")
    void aLeakFromTheNewSyringeIsStillCaught() {
        rig.monitor.syringeLoaded(10_000);
        rig.idle(40);
        rig.monitor.syringeRemoved();
        rig.in.plungerMicrons = 3_000;
        rig.monitor.syringeLoaded(10_000);
        rig.idle(20);   // the new baseline
        for (int i = 0; i < 5 && rig.monitor.latched() == null; i++) {
            rig.in.plungerMicrons += 20;   // product creeping out with the valve closed
            rig.next();
            rig.check(Activity.NONE);
        }
        assertEquals(FaultCode.VALVE_LEAK, rig.monitor.latched());
    }

    @Test
    @Verifies("SR-3")
    void aSuspendedSessionFiresNoDose() {
        rig.startSession();
        rig.monitor.suspendSession();
        rig.insert();
        assertFalse(rig.propose(10_000));
        rig.assertSafe(FaultCode.SEQUENCE);
    }

    @Test
    void resumingWithoutASuspendedSessionDoesNothing() {
        assertFalse(rig.monitor.resumeSession());
        rig.startSession();
        assertFalse(rig.monitor.resumeSession(), "a running session is not resumed");
        rig.monitor.endSession();
        rig.monitor.suspendSession();
        assertFalse(rig.monitor.resumeSession(), "no session, nothing suspended");
    }

    @Test
    @Verifies("SR-2")
    void theCalibratedOffsetCountsInTheDoseTimeBound() {
        // A valve that opens late delivers 2 µL less than flow × time: 20 µL then takes 22 ms.
        TestSettings t = TestSettings.defaults();
        t.flowOffsetUl = -2.0;
        MonitorRig r = new MonitorRig(t).homedAtPark();
        r.startSession(1.0, 20);
        r.insert();
        // (20 + 2) µL / 1 µL/ms × 1.45 = 31.9 ms
        r.assertPassed(r.propose(31_900));
    }

    @Test
    @Verifies("SR-2")
    void theOffsetBoundStillRefusesOneMicrosecondMore() {
        TestSettings t = TestSettings.defaults();
        t.flowOffsetUl = -2.0;
        MonitorRig r = new MonitorRig(t).homedAtPark();
        r.startSession(1.0, 20);
        r.insert();
        assertFalse(r.propose(31_901));
        r.assertSafe(FaultCode.DOSE_TIME_LIMIT);
    }

    @Test
    void thePlungerWatchReportsItsResolution() {
        assertEquals(5, rig.plunger.resolutionMicrons());
    }

    @Test
    @Verifies("SR-5")
    void aSyringeLoadedWithoutBeingTakenOutFirstStillCarriesTheSessionTotal() {
        rig.startSession();
        rig.point(20);
        double before = rig.plunger.sessionDeliveredUl();
        rig.monitor.syringeLoaded(10_000);   // straight in, no "Change syringe" step
        rig.in.plungerMicrons = 0;
        rig.idle(15);
        assertEquals(before, rig.plunger.sessionDeliveredUl(), 1e-9);
    }

    @Test
    @Verifies("SR-2")
    void theDoseTimeBoundFollowsTheCalibratedFlow() {
        // Half the flow, twice the time: 10 µL at 0.5 µL/ms is 20 ms, bounded at 29 ms.
        TestSettings t = TestSettings.defaults();
        t.flowUlPerMs = 0.5;
        MonitorRig r = new MonitorRig(t).homedAtPark();
        r.startSession(1.0, 10);
        r.insert();
        r.assertPassed(r.propose(29_000));
    }
}
