package org.mesogun.board;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mesogun.hal.InvalidHardwareSetupException;
import org.mesogun.hal.MotionProfile;
import org.mesogun.Verifies;

class GpioNeedleAxisTest {

    private static final MotionProfile FAST = new MotionProfile(20_000, 4_000_000);

    private MockBoard board;
    private GpioNeedleAxis axis;
    private DigitalOutput step;
    private DigitalOutput dir;
    private DigitalOutput enable;
    private final AtomicInteger risingWithDirHigh = new AtomicInteger();
    private final AtomicInteger risingWithDirLow = new AtomicInteger();

    @BeforeEach
    void build() {
        board = new MockBoard();
        axis = GpioNeedleAxis.create(board.context, 17, 27, 22, MockBoard.settings());
        step = board.output("mesogun-step");
        dir = board.output("mesogun-dir");
        enable = board.output("mesogun-enable");
        // Pi4J calls output listeners synchronously, on the step thread, at the edge itself.
        step.addListener(e -> {
            if (e.state() == DigitalState.HIGH) {
                (dir.isHigh() ? risingWithDirHigh : risingWithDirLow).incrementAndGet();
            }
        });
    }

    @AfterEach
    void shutdown() {
        axis.close();
        board.shutdown();
    }

    private void awaitStill() {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2))
                .until(() -> !axis.isMoving());
    }

    @Test
    void aMoveOfNStepsGivesNStepEdgesWithDirSetForEachDirection() {
        axis.enable(true);
        assertTrue(enable.isHigh(), "ENABLE high enables the driver");

        axis.moveTo(300, FAST);
        awaitStill();
        assertEquals(300, risingWithDirHigh.get(), "towards the skin: DIR high");
        assertEquals(0, risingWithDirLow.get());
        assertEquals(300, axis.position());

        axis.moveTo(120, FAST);
        awaitStill();
        assertEquals(180, risingWithDirLow.get(), "back: DIR low");
        assertEquals(300, risingWithDirHigh.get());
        assertEquals(120, axis.position());
        assertTrue(step.isLow(), "STEP rests low");
    }

    @Test
    void plannedScheduleNeverExceedsMaxRateOrAcceleration() {
        int n = 2_000;
        long[] planned = new long[n];
        long[] emittedAt = new long[n];
        int[] count = new int[1];
        axis.setStepObserver((direction, interval, at) -> {
            if (count[0] < n) {
                planned[count[0]] = interval;
                emittedAt[count[0]] = at;
                count[0]++;
            }
        });
        axis.enable(true);
        axis.resetTiming();
        axis.moveTo(n, FAST);
        awaitStill();
        assertEquals(n, count[0]);

        double maxRate = FAST.maxRateStepsPerS();
        double accel = FAST.accelStepsPerS2();
        for (int i = 0; i < n; i++) {
            assertTrue(planned[i] >= 1e9 / maxRate, "interval " + planned[i] + " ns < 1/max rate at " + i);
            if (i > 0) {
                double r0 = 1e9 / planned[i - 1];
                double r1 = 1e9 / planned[i];
                double dt = Math.min(planned[i - 1], planned[i]) / 1e9;
                // Whole-nanosecond intervals: each rate carries up to r² × 1 ns of rounding.
                double rounding = (r0 * r0 + r1 * r1) * 1e-9;
                assertTrue(Math.abs(r1 - r0) / dt <= accel * 1.001 + rounding / dt,
                        "rate change " + (r1 - r0) / dt + " steps/s² at step " + i);
                // By construction, not by luck: each step is timed from the previous one's real
                // edge, so lateness never makes a later interval shorter than planned.
                assertTrue(emittedAt[i] - emittedAt[i - 1] >= planned[i],
                        "step " + i + " came " + (planned[i] - (emittedAt[i] - emittedAt[i - 1]))
                                + " ns early");
            }
        }
        printJitter(planned, emittedAt, n);
    }

    /** A figure, not a verdict: wall-clock lateness depends on the machine and its load. */
    private void printJitter(long[] planned, long[] emittedAt, int n) {
        long[] late = new long[n - 1];
        for (int i = 1; i < n; i++) {
            late[i - 1] = (emittedAt[i] - emittedAt[i - 1]) - planned[i];
        }
        Arrays.sort(late);
        StepTiming timing = axis.timing();
        System.out.printf("step jitter over %d steps at up to %.0f steps/s: lateness median %d ns, "
                        + "p99 %d ns, max %d ns (generator: mean %.0f ns, max %d ns)%n",
                n, FAST.maxRateStepsPerS(), late[late.length / 2], late[(int) (late.length * 0.99)],
                late[late.length - 1], timing.meanLatenessNanos(), timing.maxLatenessNanos());
    }

    @Test
    void haltStopsTheStepTrainAtOnce() {
        axis.enable(true);
        axis.moveTo(1_000_000, new MotionProfile(2_000, 100_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> axis.position() >= 5);
        axis.halt();
        long at = axis.position();
        int edges = risingWithDirHigh.get();
        assertFalse(axis.isMoving());
        assertEquals(at, edges, "position counts exactly the pulsed steps");
        // No plan survives a halt: the step thread re-checks under the same lock before a pulse.
        await().during(Duration.ofMillis(30)).atMost(Duration.ofSeconds(1))
                .until(() -> risingWithDirHigh.get() == edges && axis.position() == at);
        assertTrue(step.isLow());
    }

    @Test
    void disablingHaltsAndDropsEnable() {
        axis.enable(true);
        axis.moveTo(1_000_000, new MotionProfile(2_000, 100_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> axis.position() >= 3);
        axis.enable(false);
        assertFalse(axis.isMoving());
        assertTrue(enable.isLow());
        assertTrue(step.isLow());
    }

    @Test
    void aMoveWhileDisabledIsIgnored() {
        axis.moveTo(100, FAST);
        assertFalse(axis.isMoving());
        await().during(Duration.ofMillis(20)).atMost(Duration.ofSeconds(1))
                .until(() -> risingWithDirHigh.get() == 0);
        assertEquals(0, axis.position());
    }

    @Test
    void aMoveFasterThanTheBoardCanStepIsRefused() {
        axis.enable(true);
        assertThrows(InvalidHardwareSetupException.class,
                () -> axis.moveTo(100, new MotionProfile(80_000, 4_000_000)));
        assertFalse(axis.isMoving());
    }

    @Test
    void setPositionRedefinesWithoutStepping() {
        axis.enable(true);
        axis.setPosition(-400);
        assertEquals(-400, axis.position());
        axis.moveTo(-390, FAST);
        awaitStill();
        assertEquals(10, risingWithDirHigh.get());
        assertEquals(-390, axis.position());
    }

    @Test

    @Verifies("SR-11")
    void closeIsIdempotentAndLeavesStepLowAndEnableOff() {
        axis.enable(true);
        axis.moveTo(1_000_000, new MotionProfile(2_000, 100_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> axis.position() >= 2);
        axis.close();
        axis.close();
        assertTrue(step.isLow());
        assertTrue(enable.isLow());
        assertFalse(axis.isMoving());
        assertThrows(org.mesogun.hal.DeviceClosedException.class, () -> axis.enable(true));
    }
}
