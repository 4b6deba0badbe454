package org.mesogun.loop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Best-effort real-time scheduling for the calling thread. {@code Thread.setPriority} does nothing
 * on Linux (requirements §5), so this asks the OS: the native thread id from {@code /proc/thread-self},
 * then {@code chrt -f -p PRIO TID} and {@code taskset -p -c CPU TID}. Without CAP_SYS_NICE
 * (or an rtprio limit) the kernel refuses, and the loop still runs, at normal priority; the
 * returned text says which, and this never throws. Forks processes: call it once, before the
 * loop's steady state.
 */
public final class RealtimeThreads {

    private static final long TOOL_TIMEOUT_MS = 2_000;

    private RealtimeThreads() {
    }

    /**
     * @param fifoPriority SCHED_FIFO priority 1..99, or 0 to leave the scheduling policy alone
     * @param cpu          CPU to pin to, or -1 to leave the affinity alone
     * @return one line per request, e.g. "SCHED_FIFO 80: not permitted (...)"
     */
    public static String applyToCurrentThread(int fifoPriority, int cpu) {
        if (fifoPriority <= 0 && cpu < 0) {
            return "realtime: not requested";
        }
        String tid;
        try {
            tid = nativeThreadId();
        } catch (IOException | RuntimeException e) {
            return "realtime: native thread id unavailable (" + e.getMessage() + ")";
        }
        // The tools run from a helper thread made before anything changes: a thread or process
        // started by the thread being raised would inherit its SCHED_FIFO priority (taskset, and the
        // JVM's process-reaper threads), and run at the loop's priority for no reason.
        java.util.concurrent.atomic.AtomicReference<String> said = new java.util.concurrent.atomic.AtomicReference<>(
                "tid " + tid + "; failed (the scheduling tools did not answer in time)");
        Thread helper = new Thread(() -> {
            StringBuilder out = new StringBuilder("tid " + tid);
            if (fifoPriority > 0) {
                out.append("; SCHED_FIFO ").append(fifoPriority).append(": ")
                        .append(run(List.of("chrt", "-f", "-p", Integer.toString(fifoPriority), tid)));
            }
            if (cpu >= 0) {
                out.append("; cpu ").append(cpu).append(": ")
                        .append(run(List.of("taskset", "-p", "-c", Integer.toString(cpu), tid)));
            }
            said.set(out.toString());
        }, "mesogun-rt-setup");
        helper.setDaemon(true);
        helper.start();
        try {
            helper.join(3 * TOOL_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return said.get();
    }

    /** "/proc/thread-self" links to "PID/task/TID" for the thread that reads it. */
    static String nativeThreadId() throws IOException {
        Path link = Files.readSymbolicLink(Path.of("/proc/thread-self"));
        String tid = link.getFileName().toString();
        if (!tid.chars().allMatch(Character::isDigit) || tid.isEmpty()) {
            throw new IOException("unexpected /proc/thread-self -> " + link);
        }
        return tid;
    }

    private static String run(List<String> command) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return "tool missing (" + command.get(0) + ": " + e.getMessage() + ")";
        }
        try (InputStream in = p.getInputStream()) {
            if (!p.waitFor(TOOL_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return "failed (" + command.get(0) + " timed out)";
            }
            String said = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().replace('\n', ' ');
            if (p.exitValue() == 0) {
                return "applied";
            }
            if (said.contains("not permitted") || said.contains("EPERM")) {
                return "not permitted (" + said + ")";
            }
            return "failed (exit " + p.exitValue() + ": " + said + ")";
        } catch (IOException e) {
            return "failed (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return "failed (interrupted)";
        }
    }
}
