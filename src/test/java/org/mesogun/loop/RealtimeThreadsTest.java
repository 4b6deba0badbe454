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

    /**
     * Where the OS grants SCHED_FIFO (root, as in CI): once a thread has been raised (and pinned,
     * so a second tool runs after the first took effect), no other thread of the JVM runs under a
     * real-time policy: neither the tools nor the JVM's process-reaper threads inherited it.
     */
    @Test
    void nothingElseInheritsTheRaisedPriority() throws Exception {
        AtomicReference<String> said = new AtomicReference<>();
        AtomicReference<String> tid = new AtomicReference<>();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch checked = new java.util.concurrent.CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                tid.set(RealtimeThreads.nativeThreadId());
                said.set(RealtimeThreads.applyToCurrentThread(10, 0));   // chrt, then taskset
            } catch (Exception e) {
                said.set("failed: " + e);
            }
            done.countDown();
            try {
                checked.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        assertTrue(done.await(10, java.util.concurrent.TimeUnit.SECONDS));
        try {
            org.junit.jupiter.api.Assumptions.assumeTrue(said.get().contains("SCHED_FIFO 10: applied"),
                    "the OS did not grant SCHED_FIFO here: " + said.get());
            java.util.List<String> fifo = new java.util.ArrayList<>();
            try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
                for (java.nio.file.Path task : tasks.toList()) {
                    String stat;
                    try {
                        stat = java.nio.file.Files.readString(task.resolve("stat"));
                    } catch (java.io.IOException gone) {
                        continue;   // a thread that ended meanwhile
                    }
                    // Fields after the command name in parentheses; policy is field 41 (index 38 here).
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (!f[38].equals("0") && !task.getFileName().toString().equals(tid.get())) {
                        fifo.add(task.getFileName() + " " + stat.substring(stat.indexOf('('), stat.lastIndexOf(')') + 1));
                    }
                }
            }
            assertEquals(java.util.List.of(), fifo, "threads other than the raised one under a real-time policy");
        } finally {
            checked.countDown();
            t.join(10_000);
        }
    }
}
