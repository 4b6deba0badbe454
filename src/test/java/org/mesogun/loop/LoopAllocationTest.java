package org.mesogun.loop;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** SPEC §5 / §11: the steady-state loop allocates nothing — not a timing assert, a byte count. */
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
            long ticksBefore = runner.ticks();
            long bytesBefore = threads.getThreadAllocatedBytes(id);
            // Readers during the measurement: a snapshot must cost the loop nothing either.
            while (runner.ticks() < ticksBefore + 10_000) {
                runner.snapshot();
                Thread.onSpinWait();
            }
            long bytesAfter = threads.getThreadAllocatedBytes(id);
            long ticks = runner.ticks() - ticksBefore;

            assertEquals(0, bytesAfter - bytesBefore, "bytes allocated by the loop thread over " + ticks + " ticks");
        } finally {
            runner.stop();
        }
    }
}
