package org.mesogun.controller.safety;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;

/** SR-6: shots at least the minimum interval apart (hard: 111 ms, 9 shots/s). */
class RateLimitTest {

    private static final long MS = MonitorRig.MS;

    /** Fires one point and returns when its dose started; the needle is back at park. */
    private static long firstPoint(MonitorRig rig) {
        rig.startSession();
        rig.insert();
        rig.assertPassed(rig.propose(20_000));
        long start = rig.in.now;
        rig.runPulse(20_000);
        rig.retract();
        return start;
    }

    @Test
    @Verifies("SR-6")
    void shotsCloserThanTheMinimumIntervalAreRefused() {
        MonitorRig rig = new MonitorRig().homedAtPark();
        long start = firstPoint(rig);
        rig.idleUntil(start + 110 * MS - 3 * rig.s.periodNanos());
        rig.insert();
        assertFalse(rig.propose(20_000), "110 ms after the last shot");
        rig.assertSafe(FaultCode.RATE_LIMIT);
    }

    @Test
    @Verifies("SR-6")
    void shotsExactlyTheMinimumIntervalApartPass() {
        MonitorRig rig = new MonitorRig().homedAtPark();
        long start = firstPoint(rig);
        rig.idleUntil(start + 111 * MS - 3 * rig.s.periodNanos());
        rig.insert();
        rig.assertPassed(rig.propose(20_000));
    }

    @Test
    @Verifies("SR-6")
    void aConfiguredIntervalBelowTheHardMinimumIsRaisedTo111Ms() {
        TestSettings t = TestSettings.defaults();
        t.minShotIntervalNanos = 50 * MS;   // the loader rejects this; the monitor must not rely on it
        MonitorRig rig = new MonitorRig(t).homedAtPark();
        long start = firstPoint(rig);
        rig.idleUntil(start + 110 * MS - 3 * rig.s.periodNanos());
        rig.insert();
        assertFalse(rig.propose(20_000));
        rig.assertSafe(FaultCode.RATE_LIMIT);
    }

    @Test
    @Verifies("SR-6")
    void aLongerConfiguredIntervalIsKept() {
        TestSettings t = TestSettings.defaults();
        t.minShotIntervalNanos = 200 * MS;
        MonitorRig rig = new MonitorRig(t).homedAtPark();
        long start = firstPoint(rig);
        rig.idleUntil(start + 199 * MS - 3 * rig.s.periodNanos());
        rig.insert();
        assertFalse(rig.propose(20_000));
        rig.assertSafe(FaultCode.RATE_LIMIT);
    }
}
