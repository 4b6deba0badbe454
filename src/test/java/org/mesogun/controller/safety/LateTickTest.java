package org.mesogun.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;

/** SR-7 at the monitor: a tick later than the watchdog limit, or a stall, latches a fault. */
class LateTickTest {

    private static final long MS = MonitorRig.MS;

    @Test
    @Verifies("SR-7")
    void aTickLaterThanTheWatchdogLatchesAFault() {
        MonitorRig rig = new MonitorRig().homedAtPark();
        rig.startSession();
        rig.insert();
        rig.in.now += 20 * MS;   // the next check comes 21 ms after the last
        assertFalse(rig.propose(20_000));
        rig.assertSafe(FaultCode.LOOP_LATE);
        assertEquals(rig.in.now, rig.monitor.latchedAt());
    }

    @Test
    @Verifies("SR-7")
    void lateButWithinTheWatchdogIsNoFault() {
        MonitorRig rig = new MonitorRig().homedAtPark();
        rig.startSession();
        rig.insert();
        rig.in.now += 19 * MS;   // 20 ms after the last check: the limit, not over it
        rig.assertPassed(rig.propose(20_000));
        assertEquals(20_000, rig.out.valvePulseMicros);
    }

    @Test
    @Verifies("SR-7")
    void theFirstTickHasNoPredecessorToBeLateFor() {
        MonitorRig rig = new MonitorRig();
        rig.in.now = -1_000 * MS;   // System.nanoTime() may well be negative
        rig.idle();
    }

    @Test
    @Verifies("SR-7")
    void theWatchdogLimitFollowsTheSettings() {
        TestSettings t = TestSettings.defaults();
        t.watchdogNanos = 5 * MS;
        MonitorRig rig = new MonitorRig(t).homedAtPark();
        rig.in.now += 5 * MS;
        rig.next();
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.LOOP_LATE);
    }

    @Test
    @Verifies("SR-7")
    void aStallReportedByTheWatchdogMakesTheOutputsSafe() {
        MonitorRig rig = new MonitorRig().homedAtPark();
        rig.monitor.raise(FaultCode.LOOP_STALLED, rig.in.now);
        rig.next().valvePulseMicros = 20_000;
        assertFalse(rig.check(Activity.PRIME));
        rig.assertSafe(FaultCode.LOOP_STALLED);
        assertTrue(rig.monitor.faultCount() >= 1);
    }
}
