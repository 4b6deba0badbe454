package org.mesogun.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The loop on virtual time: the same contract as the runner, no thread. */
class StepInvokerTest {

    private static final long MS = 1_000_000L;

    @Test
    void ticksAtTheTimesGivenOnTheCallersThread() {
        RecordingWork work = new RecordingWork();
        StepInvoker loop = new StepInvoker(work);
        assertTrue(loop.start(0));
        for (long t = MS; t <= 1_000_000 * MS; t += MS) {
            assertTrue(loop.tick(t));
        }
        assertEquals(1_000_000, loop.ticks());
        assertEquals(MS, work.firstTickNanos);
        assertEquals(1_000_000 * MS, work.lastTickNanos);
        loop.stop();
        assertEquals(List.of("onStart", "onStop", "makeSafe"), work.events);
        assertEquals(List.of(Thread.currentThread().getName()), work.makeSafeThreads);
    }

    @Test
    void aThrowingTickMakesSafeStopsAndTheCauseCannotBeIgnored() {
        RecordingWork work = new RecordingWork();
        work.throwAtTick = 3;
        StepInvoker loop = new StepInvoker(work);
        loop.start(0);
        for (int i = 1; i <= 3; i++) {
            assertTrue(loop.tick(i * MS));
        }
        assertFalse(loop.tick(4 * MS));

        assertFalse(loop.isRunning());
        assertSame(work.toThrow, loop.failure().orElseThrow());
        assertEquals(List.of("onStart", "tick throws", "makeSafe", "onStop"), work.events);
        IllegalStateException after = assertThrows(IllegalStateException.class, () -> loop.tick(5 * MS));
        assertSame(work.toThrow, after.getCause());
        loop.stop();
        assertEquals(1, work.makeSafeCalls.get(), "stop after a failure adds nothing");
    }

    @Test
    void theRunnerAndTheInvokerCallTheWorkInTheSameOrder() {
        RecordingWork threaded = new RecordingWork();
        threaded.throwAtTick = 5;
        LoopRunner runner = new LoopRunner(threaded);
        runner.start();
        org.awaitility.Awaitility.await().atMost(2, java.util.concurrent.TimeUnit.SECONDS)
                .until(() -> !runner.isRunning());

        RecordingWork stepped = new RecordingWork();
        stepped.throwAtTick = 5;
        StepInvoker loop = new StepInvoker(stepped);
        loop.start(0);
        long t = 0;
        while (loop.tick(t += MS)) {
            // until the failure
        }
        assertEquals(threaded.events, stepped.events);
        assertEquals(runner.ticks(), loop.ticks());
    }

    @Test
    void timeNeverGoesBackAndThereIsNoTickBeforeStart() {
        StepInvoker loop = new StepInvoker(new RecordingWork());
        assertThrows(IllegalStateException.class, () -> loop.tick(0));
        loop.start(10);
        assertThrows(IllegalArgumentException.class, () -> loop.tick(9));
        assertTrue(loop.tick(10));
    }
}
