package org.mesogun.hal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DebouncerTest {

    private static final long MS = 1_000_000;

    @Test
    void acceptsALevelOnlyAfterItHeldForTheDebounceTime() {
        Debouncer d = new Debouncer(5 * MS, false, 0);
        assertFalse(d.update(true, 1 * MS));
        assertFalse(d.update(true, 5 * MS));
        assertTrue(d.update(true, 6 * MS));
    }

    @Test
    void bouncesRestartTheWait() {
        Debouncer d = new Debouncer(5 * MS, false, 0);
        d.update(true, 0);
        d.update(false, 1 * MS);
        d.update(true, 2 * MS);
        assertFalse(d.update(true, 6 * MS));
        assertTrue(d.update(true, 7 * MS));
    }
}
