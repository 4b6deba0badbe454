package org.mesogun.loop;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;

/**
 * SR-7: a stalled loop makes the outputs safe, once per stall, and stops feeding the hardware
 * watchdog. The limit here is 50 ms, not the default 20 ms, so a busy build machine cannot fake
 * a second stall; the stall we cause is 100 ms.
 */
class WatchdogTest {

    private static final long MS = 1_000_000L;
    private static final LoopConfig CONFIG = LoopConfig.defaults().withWatchdogLimitNanos(50 * MS);

    private LoopRunner runner;

    @AfterEach
    void stopRunner() {
        if (runner != null) {
            runner.stop();
        }
    }

    @Test

    @Verifies("SR-7")
    void aTickBlockedFor100msIsMadeSafeFromTheWatchdogExactlyOnce() {
        RecordingWork work = new RecordingWork();
        work.sleepMillis = 100;
        work.sleepAtTick = 50;
        runner = new LoopRunner(work, CONFIG);
        runner.start();
        Watchdog dog = runner.watchdog();

        await().atMost(2, SECONDS).until(dog::stalled);
        assertEquals(1, work.makeSafeCalls.get());
        assertEquals(List.of("mesogun-watchdog"), work.makeSafeThreads);
        assertEquals(1, dog.stalls());

        // The loop comes back; the stall stays counted once and stays latched for the controller.
        await().atMost(2, SECONDS).until(() -> work.ticks > 300);
        assertEquals(1, work.makeSafeCalls.get(), "once per stall");
        assertEquals(1, dog.stalls());
        assertTrue(dog.stalled(), "latched until the controller clears it");
        assertTrue(dog.lastStallNanos() >= 50 * MS && dog.lastStallNanos() < 1_000 * MS,
                "stall length " + dog.lastStallNanos());
        assertTrue(dog.maxStallNanos() >= dog.lastStallNanos());

        dog.clearStalled();
        assertFalse(dog.stalled());
        assertEquals(1, dog.stalls());
    }

    @Test

    @Verifies("SR-7")
    void aHealthyLoopIsNeverCalledStalled() throws InterruptedException {
        RecordingWork work = new RecordingWork();
        runner = new LoopRunner(work, CONFIG);
        runner.start();
        Thread.sleep(300);
        runner.stop();
        assertEquals(0, runner.watchdog().stalls());
        assertFalse(runner.watchdog().stalled());
        assertEquals(List.of("mesogun-loop"), work.makeSafeThreads, "only the stop's own makeSafe");
    }

    @Test

    @Verifies("SR-7")
    void theFeedStopsWhileTheLoopIsStalledAndResumesWhenItIsHealthy() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong feeds = new AtomicLong();
        AtomicLong ticks = new AtomicLong();
        LoopWork blocking = new LoopWork() {
            @Override
            public void tick(long nowNanos) {
                if (ticks.incrementAndGet() == 50) {
                    try {
                        release.await(2, SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void makeSafe() {
            }
        };
        runner = new LoopRunner(blocking, CONFIG, feeds::incrementAndGet);
        runner.start();

        await().atMost(2, SECONDS).until(() -> runner.watchdog().stalled());
        long fedBeforeStall = feeds.get();
        assertTrue(fedBeforeStall >= 40, "fed while healthy: " + fedBeforeStall);
        Thread.sleep(100);
        assertEquals(fedBeforeStall, feeds.get(), "a stalled loop must not feed");

        release.countDown();
        await().atMost(2, SECONDS).until(() -> feeds.get() > fedBeforeStall);
        await().atMost(2, SECONDS).until(() -> ticks.get() > 200);
        runner.stop();
        // Every tick fed except the one that ended the stall (and any before the watchdog saw
        // the loop healthy again): a loop back from a stall is not trusted at once.
        assertTrue(feeds.get() < ticks.get(), feeds.get() + " feeds for " + ticks.get() + " ticks");
    }
}
