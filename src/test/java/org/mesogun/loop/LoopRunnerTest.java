package org.mesogun.loop;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Behaviour of the real-time runner. Nothing here asserts on latency: the VM is shared. */
class LoopRunnerTest {

    private static final long MS = 1_000_000L;

    private LoopRunner runner;

    @AfterEach
    void stopRunner() {
        if (runner != null) {
            runner.stop();
        }
    }

    private LoopRunner start(RecordingWork work, LoopConfig config) {
        runner = new LoopRunner(work, config);
        runner.start();
        return runner;
    }

    @Test
    void deadlinesAreAbsoluteSoTheLoopNeverDrifts() throws InterruptedException {
        // Park-only: every wake is tens of µs late, so a loop that scheduled from its wake time
        // (next = now + period) would lose ~5-10 % of its ticks over the run.
        RecordingWork work = new RecordingWork();
        start(work, LoopConfig.defaults().withSpinMarginNanos(0));
        Thread.sleep(1_000);
        runner.stop();
        LoopStats s = runner.snapshot();

        assertTrue(s.ticks() >= 300, "ticks " + s.ticks());
        // On a grid start + k·period, the first and last tick each wake less than a period after
        // their own deadline, so the periods between them equal the deadlines consumed within ±1.
        double periodsElapsed = (work.lastTickNanos - work.firstTickNanos) / (double) MS;
        long deadlinesConsumed = s.ticks() + s.skipped() - 1;
        // The first or last tick can itself wake late (the first often does, before the JIT has
        // warmed up): allow the worst wake-up lateness seen on top. Drift would lose 50-100 ticks.
        double slack = 5.0 + s.maxMicros() / 1000.0;
        assertEquals(periodsElapsed, deadlinesConsumed, slack, s.toString());
    }

    @Test
    void aTickThreePeriodsLongIsAnOverrunAndItsMissedDeadlinesAreSkippedNotBurst() {
        RecordingWork work = new RecordingWork();
        work.sleepMillis = 3;
        work.sleepAtTick = 100;
        start(work, LoopConfig.defaults());
        await().atMost(5, SECONDS).until(() -> work.ticks > 300);
        runner.stop();
        LoopStats s = runner.snapshot();

        assertTrue(s.overruns() >= 1, s.toString());
        assertTrue(s.skipped() >= 2, s.toString());
        double periodsElapsed = (work.lastTickNanos - work.firstTickNanos) / (double) MS;
        assertEquals(periodsElapsed, s.ticks() + s.skipped() - 1, 5.0 + s.maxMicros() / 1000.0,
                "a burst would add ticks: " + s);
    }

    @Test
    void anExceptionInTickMakesSafeAtOnceAndLatchesTheLoopStoppedWithTheCause() {
        RecordingWork work = new RecordingWork();
        work.throwAtTick = 10;
        start(work, LoopConfig.defaults());
        await().atMost(2, SECONDS).until(() -> !runner.isRunning());

        assertSame(work.toThrow, runner.failure().orElseThrow());
        assertEquals(List.of("onStart", "tick throws", "makeSafe", "onStop"), work.events);
        assertEquals(List.of("mesogun-loop"), work.makeSafeThreads);
        assertEquals(10, runner.ticks());
        assertFalse(runner.watchdog().stalled(), "an ended loop is not a stalled loop");
        assertThrows(IllegalStateException.class, runner::start, "a failed loop is not restarted");
    }

    @Test
    void aCleanStopRunsOnStopThenMakeSafeOnTheLoopThread() {
        RecordingWork work = new RecordingWork();
        start(work, LoopConfig.defaults());
        await().atMost(2, SECONDS).until(() -> work.ticks > 20);

        assertTrue(runner.stop());
        assertFalse(runner.isRunning());
        assertTrue(runner.failure().isEmpty());
        assertEquals(List.of("onStart", "onStop", "makeSafe"), work.events);
        assertEquals(List.of("mesogun-loop"), work.makeSafeThreads);
    }

    @Test
    void theLoopThreadIsNamedAndNonDaemon() {
        AtomicReference<Thread> seen = new AtomicReference<>();
        runner = new LoopRunner(new LoopWork() {
            @Override
            public void tick(long nowNanos) {
                seen.compareAndSet(null, Thread.currentThread());
            }

            @Override
            public void makeSafe() {
            }
        });
        runner.start();
        await().atMost(2, SECONDS).until(() -> seen.get() != null);

        assertEquals("mesogun-loop", seen.get().getName());
        assertFalse(seen.get().isDaemon(), "the JVM must not exit under a running loop");
        assertEquals(seen.get().getId(), runner.loopThreadId());
    }

    @Test
    void statsSnapshotIsSaneWhileRunningAndExactAfterStop() {
        RecordingWork work = new RecordingWork();
        start(work, LoopConfig.defaults());
        await().atMost(2, SECONDS).until(() -> work.ticks > 200);

        LoopStats running = runner.snapshot();
        assertTrue(running.ticks() > 200 && running.samples() >= running.ticks(), running.toString());
        assertOrdered(running);

        runner.stop();
        LoopStats done = runner.snapshot();
        assertEquals(done.ticks(), done.samples(), "one latency sample per tick: " + done);
        assertTrue(done.overruns() <= done.ticks());
        assertOrdered(done);
        assertTrue(done.ticks() >= running.ticks() && done.samples() >= running.samples(),
                "snapshots accumulate: " + running + " then " + done);
    }

    private static void assertOrdered(LoopStats s) {
        assertTrue(0 <= s.p50Micros() && s.p50Micros() <= s.p99Micros() && s.p99Micros() <= s.p999Micros()
                && s.p999Micros() <= s.maxMicros(), s.toString());
    }
}
