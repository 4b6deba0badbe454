package org.mesogun.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;

/**
 * SR-2: the valve is never open longer than the time computed for the dose (with the flow margin
 * for a draining syringe), never longer than max_open_ms in any mode, and a pulse that outlives
 * its time is a fault.
 */
class DoseTimeTest {

    private final MonitorRig rig = new MonitorRig().homedAtPark();

    @Test
    @Verifies("SR-2")
    void aPulseLongerThanMaxOpenIsRefusedWhateverTheDose() {
        rig.startSession(1.0, 200);   // 200 µL would allow 333 ms by the dose alone
        rig.insert();
        assertFalse(rig.propose(40_001));
        rig.assertSafe(FaultCode.DOSE_TIME_LIMIT);
    }

    @Test
    @Verifies("SR-2")
    void aPulseOfExactlyMaxOpenPasses() {
        rig.startSession(1.0, 200);
        rig.insert();
        rig.assertPassed(rig.propose(40_000));
    }

    @Test
    @Verifies("SR-2")
    void maxOpenIsRefusedInPrimeToo() {
        rig.next().valvePulseMicros = 40_001;
        assertFalse(rig.check(Activity.PRIME));
        rig.assertSafe(FaultCode.DOSE_TIME_LIMIT);
    }

    @Test
    @Verifies("SR-2")
    void aConfiguredMaxOpenAboveTheHardLimitIsClampedTo100Ms() {
        TestSettings t = TestSettings.defaults();
        t.maxOpenMicros = 150_000;   // the loader rejects this; the monitor must not rely on it
        MonitorRig wide = new MonitorRig(t).homedAtPark();
        wide.next().valvePulseMicros = 100_000;
        wide.assertPassed(wide.check(Activity.PRIME));

        MonitorRig wider = new MonitorRig(t).homedAtPark();
        wider.next().valvePulseMicros = 100_001;
        assertFalse(wider.check(Activity.PRIME));
        wider.assertSafe(FaultCode.DOSE_TIME_LIMIT);
    }

    @Test
    @Verifies("SR-2")
    void aPulseLongerThanTheDoseAllowsIsRefused() {
        // 20 µL at 1 µL/ms, at most 1.45 × the calibrated time: 29 ms.
        rig.startSession(1.0, 20);
        rig.insert();
        assertFalse(rig.propose(29_001));
        rig.assertSafe(FaultCode.DOSE_TIME_LIMIT);
    }

    @Test
    @Verifies("SR-2")
    void aPulseOfTheDosesFullAllowancePasses() {
        rig.startSession(1.0, 20);
        rig.insert();
        rig.assertPassed(rig.propose(29_000));
    }

    @Test
    @Verifies("SR-2")
    void thePulsesOfOnePointAddUpAgainstTheDose() {
        rig.startSession(1.0, 20);
        rig.insert();
        rig.assertPassed(rig.propose(20_000));
        rig.runPulse(20_000);
        rig.idle(3);
        rig.assertPassed(rig.propose(9_000));
        rig.runPulse(9_000);
        rig.idle(3);
        assertFalse(rig.propose(1));
        rig.assertSafe(FaultCode.DOSE_TIME_LIMIT);
    }

    @Test
    @Verifies("SR-2")
    void aNewPointStartsANewAllowance() {
        rig.startSession(1.0, 20);
        rig.insert();
        rig.assertPassed(rig.propose(29_000));
        rig.runPulse(29_000);
        rig.retract();
        rig.idleUntil(rig.in.now + 200 * MonitorRig.MS);
        rig.insert();
        rig.assertPassed(rig.propose(29_000));
    }

    @Test
    @Verifies("SR-2")
    void aValveStillOpenTwoTicksAfterItsPulseLatchesAFault() {
        rig.startSession(1.0, 20);
        rig.insert();
        rig.assertPassed(rig.propose(10_000));
        long start = rig.in.now;
        rig.in.valveOpen = true;
        rig.idleUntil(start + 10 * MonitorRig.MS + 2 * rig.s.periodNanos());
        assertNull(rig.monitor.latched(), "within the close allowance");
        rig.next();
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.VALVE_NOT_CLOSED);
    }

    @Test
    @Verifies("SR-2")
    void aValveStillOpenWithinItsTimeIsNoFault() {
        rig.startSession(1.0, 20);
        rig.insert();
        rig.assertPassed(rig.propose(10_000));
        rig.in.valveOpen = true;
        rig.idle(5);
        assertNull(rig.monitor.latched());
    }

    @Test
    @Verifies("SR-2")
    void aPulseOfExactlyTheDosesAllowancePasses() {
        // 12 µL at 1 µL/ms, at most 1.45 × the calibrated time: exactly 17.4 ms.
        rig.startSession(1.0, 12);
        rig.insert();
        rig.assertPassed(rig.propose(17_400));
    }

    @Test
    @Verifies("SR-2")
    void aSessionDoseOutsideTheHardLimitsIsRefused() {
        // Without a plunger sensor: with one, its resolution sets the smallest dose (below).
        MonitorRig rig = new MonitorRig(TestSettings.defaults(), false).homedAtPark();
        rig.monitor.syringeLoaded(10_000);
        String tooMuch = rig.monitor.beginSession(1.0, 200.01);
        assertNotNull(tooMuch);
        assertTrue(tooMuch.contains("dose 200.01 uL is outside [1.0, 200.0] uL"), tooMuch);
        assertNotNull(rig.monitor.beginSession(1.0, 0.99));
        assertNotNull(rig.monitor.beginSession(1.0, Double.NaN));
        assertNull(rig.monitor.beginSession(1.0, 1.0));
        assertNull(rig.monitor.beginSession(1.0, 200.0));
    }

    /** SR-9 at the monitor, whatever the panel let through: a dose the sensor cannot check. */
    @Test
    @Verifies("SR-9")
    void aSessionDoseThePlungerSensorCannotVerifyIsRefused() {
        double smallest = rig.plunger.smallestVerifiableDoseUl();
        assertTrue(smallest > 1 && smallest < 5, "5 um on the rig's syringe: " + smallest);
        rig.monitor.syringeLoaded(10_000);
        String refused = rig.monitor.beginSession(1.0, smallest - 0.05);
        assertNotNull(refused);
        assertTrue(refused.contains("the plunger sensor verifies"), refused);
        assertNull(rig.monitor.beginSession(1.0, smallest + 0.05));
    }

    /**
     * SR-2 whatever the technician saved: a calibration claiming a flow far above the factory
     * range (checks bypassed) would allow a long opening; the factory bound still holds it to
     * (dose + 5 µL) / (0.7 × nominal) × 1.45.
     */
    @Test
    @Verifies("SR-2")
    void theValveTimeBoundHoldsWhateverFlowWasSaved() {
        TestSettings t = TestSettings.defaults();
        t.flowUlPerMs = 0.1;   // saved 10 × too slow: the calibrated bound would allow 290 ms for 20 uL
        t.maxOpenMicros = 100_000;
        MonitorRig slow = new MonitorRig(t).homedAtPark().startSession(1.0, 20);
        slow.insert();
        long factory = Math.round((20 + 5.0) / 0.7 * 1000 * 1.45);
        assertTrue(factory < 100_000, "the bound is below max_open_ms here: " + factory);
        assertFalse(slow.propose(factory + 1000));
        assertEquals(FaultCode.DOSE_TIME_LIMIT, slow.monitor.latched());
    }

    @Test
    @Verifies({"SR-2", "SR-3"})
    void aPulseEndsByTheMonitorsOwnClockOnceTheValveReportsClosed() {
        rig.startSession(1.0, 20);
        rig.insert();
        rig.assertPassed(rig.propose(10_000));
        rig.runPulse(10_000);   // the valve reports closed at the pulse's end
        rig.next().moveTarget = rig.park;   // no shut needed: nothing is in flight any more
        rig.assertPassed(rig.check(Activity.NONE));
        assertEquals(rig.park, rig.out.moveTarget);
    }

    @Test
    @Verifies("SR-2")
    void theTipFlushWithTheSkinEndsThePoint() {
        rig.startSession(1.0, 20);
        rig.insert();
        rig.assertPassed(rig.propose(29_000));
        rig.runPulse(29_000);
        rig.next().moveTarget = rig.zero;
        rig.out.valveShut = true;
        rig.assertPassed(rig.check(Activity.NONE));
        rig.at(rig.zero);
        rig.idleUntil(rig.in.now + 150 * MonitorRig.MS);
        rig.insert();
        rig.assertPassed(rig.propose(29_000));
    }
}
