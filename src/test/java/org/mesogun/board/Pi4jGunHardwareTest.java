package org.mesogun.board;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.io.IOType;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mesogun.hal.InvalidHardwareSetupException;
import org.mesogun.hal.LedState;
import org.mesogun.hal.MotionProfile;
import org.mesogun.Verifies;

class Pi4jGunHardwareTest {

    private MockBoard board;
    private final MockBoard.ManualClock clock = new MockBoard.ManualClock();
    private Pi4jGunHardware gun;

    @BeforeEach
    void build() {
        board = new MockBoard();
        gun = Pi4jGunHardware.create(board.context, MockBoard.pins(), MockBoard.settings(), clock);
    }

    @AfterEach
    void shutdown() {
        gun.close();
        board.shutdown();
    }

    @Test

    @Verifies("SR-11")
    void everyOutputStartsInItsSafeState() {
        assertTrue(board.output("mesogun-step").isLow());
        assertTrue(board.output("mesogun-enable").isLow());
        assertTrue(board.output("mesogun-deadman").isLow());
        assertTrue(board.output("mesogun-led").isLow());
        assertTrue(board.output("mesogun-buzzer").isLow());
        assertFalse(board.context.registry().get("mesogun-valve", Pwm.class).isOn());
    }

    @Test

    @Verifies("SR-11")
    void closeIsIdempotentAndLeavesEverythingSafeValveFirst() {
        DigitalOutput step = board.logged("mesogun-step");
        DigitalOutput enable = board.logged("mesogun-enable");
        DigitalOutput led = board.output("mesogun-led");
        DigitalOutput buzzer = board.output("mesogun-buzzer");
        DigitalOutput deadman = board.output("mesogun-deadman");
        Pwm pwm = board.context.registry().get("mesogun-valve", Pwm.class);

        gun.axis().enable(true);
        gun.axis().moveTo(1_000_000, new MotionProfile(2_000, 100_000));
        gun.valve().armDeadman();
        gun.valve().pulse(40_000);
        gun.led().set(LedState.BUSY);
        gun.buzzer().sound(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> gun.axis().position() >= 2);

        gun.close();
        gun.close();

        assertTrue(step.isLow(), "STEP low");
        assertTrue(enable.isLow(), "driver disabled");
        assertFalse(pwm.isOn(), "valve off");
        assertTrue(deadman.isLow());
        assertTrue(led.isLow());
        assertTrue(buzzer.isLow());
        List<String> events = board.log.events();
        // After the valve was last switched on: the first "off" of each, in that order (close may
        // repeat a safe write; a repeat proves nothing about the order).
        int lastOn = 0;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).startsWith("pwm on")) {
                lastOn = i;
            }
        }
        int valveOff = events.subList(lastOn, events.size()).indexOf("pwm off") + lastOn;
        int enableOff = events.subList(lastOn, events.size()).indexOf("mesogun-enable LOW") + lastOn;
        assertTrue(valveOff >= 0 && enableOff > valveOff, "valve closed before the axis: " + events);
        assertFalse(board.context.registry().exists("mesogun-step"), "lines released");
    }

    @Test
    void aMockContextIsReportedAsMock() {
        assertTrue(Pi4jGunHardware.usesMockProviders(board.context));
        assertEquals("mock-pwm", Pi4jGunHardware.chosenProviders(board.context).get(IOType.PWM));
        assertEquals("mock-digital-output",
                Pi4jGunHardware.chosenProviders(board.context).get(IOType.DIGITAL_OUTPUT));
    }

    @Test
    void inputsReportTheirConditionAfterTheDebounceTime() {
        MockDigitalInput trigger = board.context.registry().get("mesogun-trigger", MockDigitalInput.class);
        MockDigitalInput park = board.context.registry().get("mesogun-park-flag", MockDigitalInput.class);
        // The trigger is wired active-low in MockBoard's settings.
        trigger.mockState(DigitalState.HIGH);
        park.mockState(DigitalState.LOW);
        clock.advanceMicros(5_000);
        assertFalse(gun.trigger().isActive());
        assertFalse(gun.feedback().parkFlag().isActive());

        trigger.mockState(DigitalState.LOW);
        park.mockState(DigitalState.HIGH);
        assertFalse(gun.trigger().isActive(), "not before the debounce time");
        clock.advanceMicros(2_000);
        assertTrue(gun.trigger().isActive());
        assertTrue(gun.feedback().parkFlag().isActive());
        assertFalse(gun.feedback().hasEncoder());
        assertFalse(gun.plunger().isPresent());
    }

    @Test
    void thePanelKeepsAndCopiesItsLines() {
        StringBuilder reused = new StringBuilder("Protocol 1");
        gun.panel().show(reused, "depth 1.0 mm");
        reused.setLength(0);
        reused.append("changed");
        assertEquals(List.of("Protocol 1", "depth 1.0 mm"), List.of(gun.panel().lines()));
    }

    @Test
    void twoSignalsOnOneLineAreRejected() {
        assertThrows(InvalidHardwareSetupException.class,
                () -> new BoardPins(17, 17, 22, 18, 23, 5, 6, 13, 19, 26, 21, 20, 16, 12, 25, 24));
        assertThrows(InvalidHardwareSetupException.class,
                () -> new BoardPins(40, 27, 22, 18, 23, 5, 6, 13, 19, 26, 21, 20, 16, 12, 25, 24));
    }
}
