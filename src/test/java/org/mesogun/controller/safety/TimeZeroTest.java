package org.mesogun.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;

/**
 * The simulator's virtual clock starts at 0 (SimulationRun, simulate): a pulse, a press or a hub
 * opening at t = 0 must be tracked like any other, not mistaken for "none" (the monitor uses -1
 * as its "nothing in flight" mark).
 */
class TimeZeroTest {

    private static final long MS = MonitorRig.MS;

    /** Homed at park, the next check at exactly t = 0. */
    private static MonitorRig rigAtZero() {
        MonitorRig rig = new MonitorRig();
        rig.in.now = -10 * MS;
        rig.homedAtPark();
        rig.idleUntil(-MS);
        assertEquals(-MS, rig.in.now);
        return rig;
    }

    private static void primeAtZero(MonitorRig rig, long micros) {
        rig.next().valvePulseMicros = micros;
        rig.assertPassed(rig.check(Activity.PRIME));
        assertEquals(0, rig.in.now);
    }

    @Test
    @Verifies("SR-2")
    void aValveStuckOpenAfterAPulseAtTimeZeroLatches() {
        MonitorRig rig = rigAtZero();
        primeAtZero(rig, 10_000);
        rig.in.valveOpen = true;
        rig.runUntil(20 * MS);
        assertEquals(FaultCode.VALVE_NOT_CLOSED, rig.monitor.latched());
    }

    @Test
    @Verifies("SR-3")
    void aSecondPulseWhileAPulseFromTimeZeroRunsIsRefused() {
        MonitorRig rig = rigAtZero();
        primeAtZero(rig, 10_000);
        rig.next().valvePulseMicros = 10_000;
        assertFalse(rig.check(Activity.PRIME));
        rig.assertSafe(FaultCode.SEQUENCE);
    }

    @Test
    @Verifies("SR-3")
    void aMoveWhileAPulseFromTimeZeroRunsIsVetoed() {
        MonitorRig rig = rigAtZero();
        primeAtZero(rig, 10_000);
        rig.next().moveTarget = rig.park - 100;
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.SEQUENCE);
    }

    @Test
    @Verifies("SR-4")
    void aHubOpenedDuringAPulseFromTimeZeroIsAFault() {
        MonitorRig rig = rigAtZero();
        primeAtZero(rig, 10_000);
        rig.in.needleFitted = false;
        rig.next();
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.NEEDLE_HUB_OPENED);
    }

    @Test
    @Verifies("SR-9")
    void productMovingDuringAPulseFromTimeZeroIsNoLeak() {
        MonitorRig rig = rigAtZero();
        primeAtZero(rig, 40_000);
        // The valve's own report lags; the monitor counts its pulse as open until its time is up.
        for (int i = 0; i < 38; i++) {
            rig.in.plungerMicrons += 6;
            rig.idle();
        }
        assertNull(rig.monitor.latched());
    }

    @Test
    @Verifies("SR-3")
    void aTriggerPressedAtTimeZeroAndHeldAMinuteIsStuck() {
        MonitorRig rig = rigAtZero();
        rig.in.trigger = true;
        rig.idle();
        assertEquals(0, rig.in.now);
        while (rig.in.now < SafetyMonitor.TRIGGER_STUCK_NANOS - 10 * MS) {
            rig.in.now += 9 * MS;
            rig.idle();
        }
        rig.idleUntil(SafetyMonitor.TRIGGER_STUCK_NANOS);
        rig.next();
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.TRIGGER_STUCK);
    }

    @Test
    @Verifies("SR-4")
    void aNeedleChangeStartingAtTimeZeroIsDetected() {
        NeedleCounters counters = NeedleCounters.inMemory();
        NeedleGuard guard = new NeedleGuard(120, Long.MAX_VALUE, 300 * MS, 8000, counters);
        counters.addPuncture();
        assertFalse(guard.observe(0, false, 7600));
        assertTrue(guard.hubOpen());
        for (long t = MS; t < 300 * MS; t += MS) {
            assertFalse(guard.observe(t, false, 7600));
            assertTrue(guard.hubOpen());
        }
        assertTrue(guard.observe(300 * MS, true, 7600));
        assertEquals(0, guard.punctures());
    }
}
