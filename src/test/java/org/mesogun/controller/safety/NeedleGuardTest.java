package org.mesogun.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;

/** SR-4: punctures and powered time per needle, change detection, lock-out. */
class NeedleGuardTest {

    private static final long MS = 1_000_000L;
    private static final long ZERO = 8000;
    private static final long PARK = 7600;
    private static final long IN_SKIN = 8400;

    private final NeedleCounters counters = NeedleCounters.inMemory();
    private final NeedleGuard guard = new NeedleGuard(3, 1_000 * MS, 300 * MS, ZERO, counters);
    private long now = 1_000 * MS;

    private boolean tick(boolean hubClosed, long position) {
        now += MS;
        return guard.observe(now, hubClosed, position);
    }

    private void puncture() {
        tick(true, PARK);
        tick(true, IN_SKIN);
        tick(true, IN_SKIN);
        tick(true, PARK);
    }

    /** The hub open for {@code openMs} at park, then closed; returns whether a change was seen. */
    private boolean hubOpenFor(long openMs, long position) {
        tick(false, position);
        for (long i = 1; i < openMs; i++) {
            assertFalse(tick(false, position));
        }
        return tick(true, position);
    }

    @Test
    @Verifies("SR-4")
    void aPunctureIsTheTipCrossingZeroOnce() {
        tick(true, PARK);
        tick(true, ZERO);
        assertEquals(0, guard.punctures(), "flush with the skin is not a puncture");
        tick(true, ZERO + 1);
        tick(true, IN_SKIN);
        tick(true, IN_SKIN);
        assertEquals(1, guard.punctures());
        tick(true, ZERO);
        tick(true, ZERO + 1);
        assertEquals(2, guard.punctures());
    }

    @Test
    @Verifies("SR-4")
    void theNeedleLocksAtItsPunctureLimit() {
        puncture();
        puncture();
        assertFalse(guard.locked());
        assertTrue(guard.mayDoseCurrentPuncture());
        puncture();
        assertTrue(guard.locked());
        assertEquals(3, guard.punctureLimit());
        assertTrue(guard.mayDoseCurrentPuncture(), "the puncture that reached the limit may be dosed");
        puncture();
        assertFalse(guard.mayDoseCurrentPuncture(), "a puncture past the limit may not");
    }

    @Test
    @Verifies("SR-4")
    void theNeedleLocksAtItsTimeLimit() {
        tick(true, PARK);   // the first reading only starts the clock
        assertEquals(0, counters.needleTimeNanos());
        for (int i = 0; i < 999; i++) {
            tick(true, PARK);
        }
        assertEquals(999 * MS, counters.needleTimeNanos());
        assertFalse(guard.locked());
        tick(true, PARK);
        assertTrue(guard.locked());
        assertTrue(guard.mayDoseCurrentPuncture(), "a time limit mid-shot lets the shot finish");
    }

    @Test
    @Verifies("SR-4")
    void timeCountsOnlyWithTheNeedleFitted() {
        tick(true, PARK);
        tick(false, PARK);
        tick(false, PARK);
        assertEquals(0, counters.needleTimeNanos());
        tick(true, PARK);
        assertEquals(MS, counters.needleTimeNanos());
    }

    @Test
    @Verifies("SR-4")
    void theHubOpenForThreeHundredMillisecondsThenClosedIsANeedleChange() {
        puncture();
        puncture();
        puncture();
        for (int i = 0; i < 10; i++) {
            tick(true, PARK);
        }
        int serial = guard.needleSerial();
        assertTrue(guard.locked());
        assertTrue(hubOpenFor(300, PARK));
        assertTrue(guard.changedThisTick());
        assertEquals(serial + 1, guard.needleSerial());
        assertEquals(0, guard.punctures());
        assertEquals(0, counters.needleTimeNanos());
        assertFalse(guard.locked());
        assertTrue(guard.fresh());
        assertFalse(tick(true, PARK));
        assertFalse(guard.changedThisTick(), "one change, reported once");
    }

    @Test
    @Verifies("SR-4")
    void aHubOpenShorterThanThreeHundredMillisecondsIsNoChange() {
        puncture();
        int serial = guard.needleSerial();
        assertFalse(hubOpenFor(299, PARK));
        assertFalse(guard.changedThisTick());
        assertEquals(serial, guard.needleSerial());
        assertEquals(1, guard.punctures());
    }

    @Test
    @Verifies("SR-4")
    void aHubOpeningInTheSkinIsNeverAChange() {
        puncture();
        tick(true, IN_SKIN);
        int serial = guard.needleSerial();
        int punctures = guard.punctures();
        assertFalse(hubOpenFor(2_000, IN_SKIN));
        assertEquals(serial, guard.needleSerial());
        assertEquals(punctures, guard.punctures(), "the counts stand");
        // The clinician's real change afterwards, at park, counts.
        assertTrue(hubOpenFor(300, PARK));
        assertEquals(serial + 1, guard.needleSerial());
    }

    @Test
    @Verifies("SR-4")
    void aHubOpeningFlushWithTheSkinMayBeAChange() {
        puncture();
        assertTrue(hubOpenFor(300, ZERO));
    }

    @Test
    @Verifies("SR-4")
    void theHubIsReportedOpenUntilItCloses() {
        tick(true, PARK);
        assertFalse(guard.hubOpen());
        tick(false, PARK);
        assertTrue(guard.hubOpen());
        tick(true, PARK);
        assertFalse(guard.hubOpen());
    }

    @Test
    @Verifies("SR-4")
    void afterAnUncleanStopTheNeedleIsLockedOutUntilChanged() {
        assertTrue(guard.fresh());
        guard.lockOut();
        assertTrue(guard.locked());
        assertFalse(guard.fresh());
        assertFalse(guard.mayDoseCurrentPuncture());
        tick(true, PARK);
        assertTrue(hubOpenFor(300, PARK));
        assertFalse(guard.locked());
        assertTrue(guard.fresh());
    }

    @Test
    @Verifies("SR-4")
    void aUsedNeedleIsNotFresh() {
        puncture();
        assertFalse(guard.locked());
        assertFalse(guard.fresh());
    }

    @Test
    void inMemoryCountersStartCleanAndFollowTheirCalls() {
        NeedleCounters c = NeedleCounters.inMemory();
        assertTrue(c.previousRunClean());
        assertEquals(1, c.needleSerial());
        c.markRunning();
        c.markClean();
        c.addPuncture();
        c.addNeedleTime(5);
        c.lockOut();
        assertEquals(1, c.punctures());
        assertEquals(5, c.needleTimeNanos());
        assertTrue(c.lockedOut());
        c.newNeedle();
        assertEquals(2, c.needleSerial());
        assertEquals(0, c.punctures());
        assertEquals(0, c.needleTimeNanos());
        assertFalse(c.lockedOut());
    }

    /** A lock-out after an unclean stop is not "counts lost": those counts were read; only lost ones say so. */
    @Test
    @Verifies("SR-4")
    void aLockOutWithCountsThatWereReadIsNotCountsLost() {
        assertNull(counters.problem());
        guard.lockOut();
        assertTrue(guard.locked());
        assertFalse(guard.countsLost());
    }

    @Test
    @Verifies("SR-4")
    void aTipPastZeroOnTheBenchCountsNoPunctureAndLocksTheNeedleUntilChanged() {
        now += MS;
        guard.observe(now, true, PARK, true);
        now += MS;
        guard.observe(now, true, IN_SKIN, true);   // into a gauge, in SERVICE
        assertEquals(0, guard.punctures());
        assertTrue(guard.locked(), "not sterile any more");
        now += MS;
        guard.observe(now, true, PARK, true);
        assertTrue(hubOpenFor(300, PARK), "changed");
        assertFalse(guard.locked(), "a new needle");
        puncture();
        assertEquals(1, guard.punctures(), "out of SERVICE a tip past zero is a puncture");
    }
}
