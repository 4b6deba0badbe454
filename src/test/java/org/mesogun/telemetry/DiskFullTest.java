package org.mesogun.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mesogun.harness.RunResult;
import org.mesogun.harness.SimFixtures;

/**
 * requirements §12, disk-full journal: the journal lives on a real, small filesystem (a tmpfs mounted
 * for the test, so it needs root, as CI has) that fills in the middle of a session. The records
 * wait in the ring, new sessions are refused, and once space is freed every completed point is
 * published, gapless and in order, against the simulator's own list.
 */
class DiskFullTest {

    /** Room for the preallocated ring (4096 × 80 B) and little else. */
    private static final String FS_SIZE = "448k";
    private static final long LEFT_FREE = 6_000;

    @TempDir
    Path dir;

    @Test
    void aJournalDiskThatFillsMidSessionLosesNoRecordOnceSpaceIsBack() throws Exception {
        Path fs = dir.resolve("small");
        Files.createDirectories(fs);
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=" + FS_SIZE, "tmpfs", fs.toString()),
                "needs root to mount a small tmpfs for the journal");
        List<String> log = new ArrayList<>();
        String device = "t-diskfull-" + ProcessHandle.current().pid();
        Path filler = fs.resolve("filler");
        try (Mosquitto broker = Mosquitto.shared(dir);
             Collector dashboard = new Collector(broker.uri(), device)) {
            try (Telemetry t = Telemetry.start(TelemetryRig.options(device, fs.resolve("j"), broker.uri(), log))) {
                fill(filler, fs.toFile().getUsableSpace() - LEFT_FREE);

                RunResult run = TelemetryRig.simulate(40, 5, t.sink());
                assertTrue(awaitLog(log, "journal: cannot write"), "the writer reported the full disk: " + log);
                assertFalse(t.acceptingNewSessions(), "no new session while records cannot be kept");
                long publishedWhileFull = dashboard.journaled().size();
                int completed = SimFixtures.completedPoints(run).size();

                Files.delete(filler);
                assertTrue(awaitLog(log, "journal: writable again"), "the writer recovered: " + log);
                assertTrue(t.awaitAcknowledged(30_000), "the outbox drained: " + log);
                assertTrue(dashboard.await(m -> m.stream().anyMatch(x -> x.raw().contains("\"ended\"")), 20_000),
                        "the dashboard got the session's end");
                assertTrue(t.acceptingNewSessions(), "sessions accepted again");

                List<Collector.Msg> records = dashboard.journaled();
                Checks.seqGaplessFrom(records, 1);
                Checks.pointsMatch(SimFixtures.completedPoints(run), records);
                Checks.allValid(dashboard.all());
                assertEquals(0, t.ringDrops(), "the ring held everything while the disk was full");
                assertTrue(publishedWhileFull < records.size(), "the disk was full before the session's end");
                org.mesogun.Evidence.record("disk-full", "mvn -Dtest=DiskFullTest test (as root)", String.format(
                        "**The journal's disk filled mid-session** (a %s tmpfs, %d bytes left free): the writer held"
                        + " the batch (the records stayed in the ring) and refused new sessions; %d records reached"
                        + " the broker while full. Space freed: %d completed points in the simulator's list, %d"
                        + " records published, gapless. **Lost 0, reordered 0**; a ring that cannot get its blocks"
                        + " fails at start, not in the loop.", FS_SIZE, LEFT_FREE, publishedWhileFull, completed,
                        records.size()));
                System.out.printf("disk-full test: %d completed points; %d records published while the disk was"
                        + " full, %d after space was freed; lost 0, reordered 0%n", completed, publishedWhileFull,
                        records.size());
            }
        } finally {
            run("umount", "-l", fs.toString());
        }
    }

    @Test
    void aRingThatCannotHaveItsBlocksFailsAtStartNotInTheLoop() throws Exception {
        Path fs = dir.resolve("tiny");
        Files.createDirectories(fs);
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", fs.toString()),
                "needs root to mount a small tmpfs");
        try {
            // A sparse mapping would open fine here and fault (SIGBUS) in the loop at its first
            // write to a page the full disk cannot back; allocated up front, it is refused now.
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                    () -> new EventRing(fs.resolve("ring.mmap"), Telemetry.RING_SLOTS).close());
            assertTrue(e.getMessage() == null || !e.getMessage().isBlank(), e.toString());
        } finally {
            run("umount", "-l", fs.toString());
        }
    }

    private static void fill(Path f, long bytes) throws IOException {
        byte[] block = new byte[4096];
        try (var out = Files.newOutputStream(f)) {
            for (long left = bytes; left > 0; left -= block.length) {
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
    }

    private static boolean awaitLog(List<String> log, String text) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            synchronized (log) {
                if (log.stream().anyMatch(l -> l.contains(text))) {
                    return true;
                }
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static boolean run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
