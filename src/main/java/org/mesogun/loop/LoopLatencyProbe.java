package org.mesogun.loop;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Runs the real-time loop with no work for a while and prints what it measured — for the
 * {@code bench} command. Reports; never judges (timing is not pass/fail on a shared VM).
 */
public final class LoopLatencyProbe {

    private LoopLatencyProbe() {
    }

    public static LoopStats run(Duration duration, LoopConfig config, PrintStream out) throws InterruptedException {
        LoopRunner runner = new LoopRunner(new LoopWork() {
            @Override
            public void tick(long nowNanos) {
            }

            @Override
            public void makeSafe() {
            }
        }, config);
        runner.start();
        try {
            Thread.sleep(duration.toMillis());
        } finally {
            runner.stop();
        }
        LoopStats stats = runner.snapshot();
        out.printf("loop %d µs period, spin margin %d µs, %s: %s; %s%n",
                config.periodNanos() / 1_000, config.spinMarginNanos() / 1_000, duration, stats,
                runner.realtimeResult());
        return stats;
    }
}
