package org.mesogun.board;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.pwm.Pwm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mesogun.hal.ValveDrive;
import org.mesogun.Verifies;

class PwmDoseValveTest {

    private MockBoard board;
    private PwmDoseValve valve;
    private Pwm pwm;
    private DigitalOutput deadman;

    @BeforeEach
    void build() {
        board = new MockBoard();
        // 1 ms peak, 30 % hold; 1 s thermal window at most 50 % on; dead-man holds 50 ms.
        valve = PwmDoseValve.create(board.context, 18, 23,
                MockBoard.settings(new ValveDrive(1_000, 0.3, 1_000_000, 0.5)));
        pwm = board.context.registry().get("mesogun-valve", Pwm.class);
        deadman = board.logged("mesogun-deadman");
    }

    @AfterEach
    void shutdown() {
        valve.close();
        board.shutdown();
    }

    @Test
    void aPulseOpensAtPeakThenHoldsThenClosesByItself() {
        valve.armDeadman();
        valve.pulse(5_000);
        assertTrue(valve.isOpen());
        await().atMost(Duration.ofSeconds(2)).until(() -> valve.pulsesCompleted() == 1);

        List<RecordingPwmProvider.Write> w = board.pwmProvider.writes();
        assertEquals(3, w.size(), "on at peak, on at hold, off: " + w);
        assertTrue(w.get(0).on());
        assertEquals(100f, w.get(0).dutyPercent(), 1e-3);
        assertTrue(w.get(1).on());
        assertEquals(30f, w.get(1).dutyPercent(), 1e-3);
        assertFalse(w.get(2).on());
        // The valve thread never switches early (it may be late): figures printed, not judged.
        assertTrue(w.get(1).atNanos() - w.get(0).atNanos() >= 1_000_000, "peak lasted its 1 ms");
        assertTrue(valve.lastPulseMicros() >= 5_000, "never closes before its time");
        System.out.printf("valve pulse of 5000 µs executed in %d µs (peak %d µs)%n",
                valve.lastPulseMicros(), (w.get(1).atNanos() - w.get(0).atNanos()) / 1000);

        assertFalse(valve.isOpen());
        assertFalse(pwm.isOn(), "PWM off after the pulse");
    }

    @Test
    void shutClosesAtOnce() {
        valve.armDeadman();
        valve.pulse(40_000);
        assertTrue(pwm.isOn());
        valve.shut();
        assertFalse(pwm.isOn(), "PWM off on return from shut()");
        assertFalse(valve.isOpen());
        assertEquals(1, valve.pulsesCompleted());
        assertTrue(valve.lastPulseMicros() < 40_000);
    }

    @Test
    void aSecondPulseWhileOneRunsIsIgnored() {
        valve.armDeadman();
        valve.pulse(30_000);
        valve.pulse(30_000);
        valve.shut();
        assertEquals(1, valve.pulsesCompleted());
        assertEquals(1, board.pwmProvider.writes().stream()
                        .filter(w -> w.on() && w.dutyPercent() == 100f).count(),
                "a single opening at peak");
    }

    @Test
    void withoutArmingTheDeadmanAPulseIsRefused() {
        valve.pulse(1_000);
        assertFalse(valve.isOpen());
        assertFalse(pwm.isOn());
        assertEquals(1, valve.pulsesRefused());
    }

    @Test
    void armingSendsOneRisingEdgeAndTheLineRestsLow() {
        valve.armDeadman();
        valve.armDeadman();
        assertEquals(List.of("mesogun-deadman HIGH", "mesogun-deadman LOW",
                "mesogun-deadman HIGH", "mesogun-deadman LOW"), board.log.events());
        assertTrue(deadman.isLow());
    }

    @Test

    @Verifies("SR-2")
    void aPulseNeverOutlastsTheDeadman() {
        // The dead-man holds 50 ms; a 200 ms pulse is cut where the hardware would cut it.
        valve.armDeadman();
        valve.pulse(200_000);
        await().atMost(Duration.ofSeconds(2)).until(() -> valve.pulsesCompleted() == 1);
        assertTrue(valve.lastPulseMicros() < 200_000, "ended by the dead-man: " + valve.lastPulseMicros());
        assertFalse(pwm.isOn());
    }

    @Test
    void aPulseThatWouldOverheatTheCoilIsRefused() {
        valve.armDeadman();
        // Half of the 1 s window is 500 ms: 600 ms is too much even from cold.
        valve.pulse(600_000);
        assertFalse(valve.isOpen());
        assertEquals(1, valve.pulsesRefused());
        valve.pulse(20_000);
        assertTrue(valve.isOpen());
        valve.shut();
        assertTrue(valve.dutyCycle() > 0);
    }

    @Test

    @Verifies("SR-11")
    void goSafeClosesAndDisarms() {
        valve.armDeadman();
        valve.pulse(30_000);
        valve.goSafe();
        assertFalse(pwm.isOn());
        assertTrue(deadman.isLow());
        valve.pulse(1_000);
        assertFalse(valve.isOpen(), "no pulse until the dead-man is re-armed");
    }

    @Test

    @Verifies("SR-11")
    void closeTurnsThePwmOffAndIsIdempotent() {
        valve.armDeadman();
        valve.pulse(30_000);
        valve.close();
        valve.close();
        assertFalse(pwm.isOn());
        List<RecordingPwmProvider.Write> w = board.pwmProvider.writes();
        assertFalse(w.get(w.size() - 1).on(), "the last write switched the coil off");
        assertTrue(deadman.isLow());
        assertFalse(valve.isOpen());
    }

    @Test
    void aTimerThreadTaskWaitsForTheRunningPulseThenRunsOnTheTimerThread() throws Exception {
        valve.armDeadman();
        valve.pulse(20_000);
        var ranOn = new java.util.concurrent.CompletableFuture<String>();
        var pulsesAtRun = new java.util.concurrent.atomic.AtomicLong(-1);
        valve.onTimerThread(() -> {
            pulsesAtRun.set(valve.pulsesCompleted());
            ranOn.complete(Thread.currentThread().getName());
        });
        assertEquals("mesogun-valve-timer", ranOn.get(2, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(1, pulsesAtRun.get(), "the task ran after the pulse ended, not during it");
        assertTrue(valve.lastPulseMicros() >= 20_000, "the pulse was timed out in full");
    }

    @Test
    void aFailingTimerThreadTaskLeavesTheValveWorking() {
        valve.onTimerThread(() -> {
            throw new IllegalStateException("chrt missing");
        });
        valve.armDeadman();
        valve.pulse(2_000);
        await().atMost(Duration.ofSeconds(2)).until(() -> valve.pulsesCompleted() == 1);
        assertFalse(pwm.isOn());
        valve.armDeadman();
        valve.pulse(2_000);
        await().atMost(Duration.ofSeconds(2)).until(() -> valve.pulsesCompleted() == 2);
    }
}
