package org.mesogun.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mesogun.Verifies;
import org.mesogun.console.AuditRecord;
import org.mesogun.telemetry.journal.Journal;
import org.mesogun.telemetry.journal.JournalReader;
import org.mesogun.telemetry.journal.JournalRecord;

/**
 * Audit records come from the console thread while the loop writes the ring (single producer):
 * the writer takes them through its second, bounded hand-off. {@code audit} returns only once the
 * record is durable, so the console's {@code ok} to a SAVE means it is journaled.
 */
class AuditJournalTest {

    @TempDir
    Path dir;

    @Test
    @Verifies("SR-13")
    void anAuditIsJournaledOnTheCalibrationTopicBeforeAuditReturnsWhileTheLoopEmits() throws Exception {
        List<String> log = new ArrayList<>();
        List<String> whats = new ArrayList<>();
        try (Telemetry t = Telemetry.start(TelemetryRig.options("t-audit", dir, null, log))) {
            // The loop's events into the ring on another thread, audits from this one at once.
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread loop = new Thread(() -> {
                try {
                    TelemetryRig.simulate(20, 3, t.sink());
                } catch (Throwable e) {
                    failed.set(e);
                }
            });
            loop.start();
            for (int i = 0; i < 20; i++) {
                long before = t.journal().durableSeq();
                String what = "calibration v" + (i + 1) + " flow_offset_ul";
                assertNull(t.audit(new AuditRecord(Instant.ofEpochMilli(1_000 + i), i, "tech", what, "0", "0.05")));
                assertTrue(t.journal().durableSeq() > before, "durable when audit returned");
                whats.add(what);
            }
            loop.join(60_000);
            assertNull(failed.get());
            assertTrue(t.awaitJournaled(10_000));
        }
        // Reopened: every audit is there once, in order, with its fields; seq is gapless with the loop's.
        try (Journal j = new Journal(dir.resolve("segments"), 8L << 20, true); JournalReader r = new JournalReader(j)) {
            r.seek(1);
            List<String> found = new ArrayList<>();
            long seq = 0;
            for (JournalRecord rec; (rec = r.next()) != null; ) {
                assertEquals(++seq, rec.seq());
                if (rec.topic() == Topic.CALIBRATION) {
                    String text = rec.text();
                    assertTrue(text.contains("\"user\":\"tech\"") && text.contains("\"new\":\"0.05\""), text);
                    found.add(text.replaceAll(".*\"what\":\"([^\"]*)\".*", "$1"));
                }
            }
            assertEquals(whats, found);
            assertTrue(seq > 20, "the loop's records are journaled too");
        }
    }

    @Test
    void anAuditAfterTelemetryStoppedSaysWhyInsteadOfWaiting() throws Exception {
        Telemetry t = Telemetry.start(TelemetryRig.options("t-audit2", dir, null, new ArrayList<>()));
        t.close();
        String why = t.audit(new AuditRecord(Instant.EPOCH, 0, "tech", "pin", null, null));
        assertNotNull(why);
        assertTrue(why.contains("stopped"), why);
    }
}
