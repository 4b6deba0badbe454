package org.mesogun.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Best effort means: always an answer, never an exception — whatever the OS allows. */
class RealtimeThreadsTest {

    @Test
    void nothingRequestedTouchesNothing() {
        assertEquals("realtime: not requested", RealtimeThreads.applyToCurrentThread(0, -1));
    }

    @Test
    void aRequestIsAnsweredInWordsWithoutThrowing() throws InterruptedException {
        // On a throwaway thread: if the OS grants SCHED_FIFO, it must not stick to the test runner.
        AtomicReference<String> said = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                said.set(RealtimeThreads.applyToCurrentThread(10, 0));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        t.join(10_000);

        assertEquals(null, thrown.get());
        String s = said.get();
        assertTrue(s.contains("SCHED_FIFO 10: ") && s.contains("cpu 0: "), s);
        assertTrue(s.matches(".*(applied|not permitted|tool missing|failed).*"), s);
        System.out.println(s);
    }
}
