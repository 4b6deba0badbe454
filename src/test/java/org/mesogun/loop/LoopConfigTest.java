package org.mesogun.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LoopConfigTest {

    private static final long MS = 1_000_000L;

    @Test
    void defaultsAreOneKilohertzParkThenSpinAndA20msWatchdog() {
        LoopConfig c = LoopConfig.defaults();
        assertEquals(MS, c.periodNanos());
        assertEquals(150_000, c.spinMarginNanos());
        assertEquals(20 * MS, c.watchdogLimitNanos());
    }

    @Test
    void theWatchdogLimitStaysWithin5To100ms() {
        LoopConfig c = LoopConfig.defaults();
        assertEquals(5 * MS, c.withWatchdogLimitNanos(5 * MS).watchdogLimitNanos());
        assertEquals(100 * MS, c.withWatchdogLimitNanos(100 * MS).watchdogLimitNanos());
        assertThrows(IllegalArgumentException.class, () -> c.withWatchdogLimitNanos(4 * MS));
        assertThrows(IllegalArgumentException.class, () -> c.withWatchdogLimitNanos(101 * MS));
    }

    @Test
    void aSpinMarginLongerThanThePeriodIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> LoopConfig.defaults().withSpinMarginNanos(MS + 1));
    }
}
