package org.mesogun.loop;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** requirements §5 / §11: the steady-state loop allocates nothing — not a timing assert, a byte count. */
class LoopAllocationTest {

    @Test
    void theSteadyStateLoopAllocatesZeroBytesOverTenThousandTicks() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "JVM cannot count allocated bytes");
        threads.setThreadAllocatedMemoryEnabled(true);

        LoopWork noOp = new LoopWork() {
            @Override
            public void tick(long nowNanos) {
            }

            @Override
            public void makeSafe() {
            }
        };
        Runnable feed = () -> { };
        // 100 µs period with a 50 µs spin margin: both the park and the spin path, 10 k ticks a second.
        LoopConfig config = LoopConfig.defaults().withPeriodNanos(100_000).withSpinMarginNanos(50_000);
        LoopRunner runner = new LoopRunner(noOp, config, feed);
        runner.start();
        try {
            long id = runner.loopThreadId();
            await().atMost(30, SECONDS).until(() -> runner.ticks() >= 20_000); // warm-up, JIT
            // Windows of 10,000 ticks: a one-off JIT event (a deoptimisation re-materialising
            // scalar-replaced objects) may land in one; a real allocation shows in every one.
            long[] windows = new long[3];
            long ticks = 0;
            for (int w = 0; w < windows.length; w++) {
                long ticksBefore = runner.ticks();
                long bytesBefore = threads.getThreadAllocatedBytes(id);
                // Readers during the measurement: a snapshot must cost the loop nothing either.
                while (runner.ticks() < ticksBefore + 10_000) {
                    runner.snapshot();
                    Thread.onSpinWait();
                }
                windows[w] = threads.getThreadAllocatedBytes(id) - bytesBefore;
                ticks = runner.ticks() - ticksBefore;
                if (windows[w] == 0) {
                    break;
                }
            }
            assertTrue(java.util.Arrays.stream(windows).anyMatch(b -> b == 0),
                    "bytes allocated by the loop thread per window of " + ticks + " ticks: "
                            + java.util.Arrays.toString(windows));
        } finally {
            runner.stop();
        }
    }
}
