package org.mesogun.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Debouncing on mock pins, in time the test moves by hand: no sleeps, no wall clock. */
class GpioDigitalInputTest {

    private static final long DEBOUNCE_NANOS = 2_000_000;

    private MockBoard board;
    private final MockBoard.ManualClock clock = new MockBoard.ManualClock();

    @BeforeEach
    void build() {
        board = new MockBoard();
    }

    @AfterEach
    void shutdown() {
        board.shutdown();
    }

    private MockDigitalInput line(String id, int bcm) {
        return (MockDigitalInput) Pins.input(board.context, id, bcm, false);
    }

    @Test
    void aBouncingContactGivesOneCleanChangeAfterTheStableTime() {
        MockDigitalInput line = line("trigger", 5);
        line.mockState(DigitalState.LOW);
        GpioDigitalInput input = new GpioDigitalInput(line, false, DEBOUNCE_NANOS, clock);

        // The contact closes with four bounces 100 µs apart, then stays closed.
        DigitalState[] bounce = {DigitalState.HIGH, DigitalState.LOW, DigitalState.HIGH,
                DigitalState.LOW, DigitalState.HIGH};
        for (DigitalState s : bounce) {
            line.mockState(s);
            assertFalse(input.isActive(), "not while bouncing");
            clock.advanceMicros(100);
        }
        // Settled at HIGH since the last edge, 400 µs into the bounce; poll every 100 µs.
        int changes = 0;
        long changedAtMicros = -1;
        boolean last = false;
        for (long t = 500; t <= 5_000; t += 100) {
            boolean now = input.isActive();
            if (now != last) {
                changes++;
                changedAtMicros = t;
                last = now;
            }
            clock.advanceMicros(100);
        }
        assertEquals(1, changes, "one clean change");
        assertEquals(400 + DEBOUNCE_NANOS / 1000, changedAtMicros,
                "active exactly the debounce time after the last edge");
        assertTrue(input.isActive());
    }

    @Test
    void aGlitchBetweenTwoReadsRestartsTheStableTime() {
        MockDigitalInput line = line("skin", 26);
        line.mockState(DigitalState.LOW);
        GpioDigitalInput input = new GpioDigitalInput(line, false, DEBOUNCE_NANOS, clock);
        line.mockState(DigitalState.HIGH);
        assertFalse(input.isActive());
        clock.advanceMicros(1_500);
        // Unseen by any read, but Pi4J reports both edges.
        line.mockState(DigitalState.LOW);
        line.mockState(DigitalState.HIGH);
        clock.advanceMicros(1_000);
        assertFalse(input.isActive(), "2.5 ms since the first edge, only 1 ms since the glitch");
        clock.advanceMicros(1_000);
        assertTrue(input.isActive());
    }

    @Test
    void anActiveLowSwitchReportsItsConditionNotItsLevel() {
        MockDigitalInput line = (MockDigitalInput) Pins.input(board.context, "stop", 21, true);
        line.mockState(DigitalState.HIGH);
        GpioDigitalInput stop = new GpioDigitalInput(line, true, DEBOUNCE_NANOS, clock);
        assertFalse(stop.isActive(), "pulled up: not pressed");
        line.mockState(DigitalState.LOW);
        clock.advanceMicros(DEBOUNCE_NANOS / 1000);
        assertTrue(stop.isActive(), "pulled low: pressed");
    }

    @Test
    void aSwitchAlreadyActiveAtStartCountsAtOnce() {
        MockDigitalInput line = line("hub", 19);
        line.mockState(DigitalState.HIGH);
        GpioDigitalInput hub = new GpioDigitalInput(line, false, DEBOUNCE_NANOS, clock);
        assertTrue(hub.isActive());
    }
}
