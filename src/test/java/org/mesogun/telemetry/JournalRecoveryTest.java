package org.mesogun.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mesogun.telemetry.journal.Journal;
import org.mesogun.telemetry.journal.JournalReader;
import org.mesogun.telemetry.journal.JournalRecord;

/** The journal after power cuts and acknowledgements: torn tails dropped cleanly, seq never reused. */
class JournalRecoveryTest {

    @TempDir
    Path dir;

    private static byte[] json(long i) {
        return ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static void write(Journal j, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            j.append(Topic.INJECTION, i, json(i));
        }
        j.sync();
    }

    private List<JournalRecord> readAll(Journal j) throws IOException {
        List<JournalRecord> out = new ArrayList<>();
        try (JournalReader r = new JournalReader(j)) {
            r.seek(j.ackedSeq() + 1);
            for (JournalRecord rec = r.next(); rec != null; rec = r.next()) {
                out.add(rec);
            }
        }
        return out;
    }

    private Path lastSegment() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    @Test
    void aTornLastRecordIsDroppedAtStartAndSeqContinuesAfterTheIntactOnes() throws IOException {
        try (Journal j = new Journal(dir, 1 << 20, false)) {
            write(j, 10);
        }
        Path seg = lastSegment();
        long size = Files.size(seg);
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.truncate(size - 5);   // the power went while the last frame was being written
        }
        try (Journal j = new Journal(dir, 1 << 20, false)) {
            assertTrue(j.recovery().tornBytes() > 0, "the torn tail is reported");
            assertEquals(9, j.recovery().lastSeq());
            List<JournalRecord> all = readAll(j);
            assertEquals(9, all.size());
            assertEquals(10, j.append(Topic.INJECTION, -1, json(99)), "seq continues after the last intact one");
            j.sync();
        }
    }

    @Test
    void garbageAfterTheLastRecordFailsItsCrcAndIsTruncatedNotACrash() throws IOException {
        try (Journal j = new Journal(dir, 1 << 20, false)) {
            write(j, 3);
        }
        Path seg = lastSegment();
        Files.write(seg, new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 5, 6, 7, 8, 9}, StandardOpenOption.APPEND);
        try (Journal j = new Journal(dir, 1 << 20, false)) {
            assertEquals(13, j.recovery().tornBytes());
            assertEquals(3, readAll(j).size());
        }
    }

    @Test
    void seqIsNeverReusedOnceEverySegmentWasAcknowledgedAndDeleted() throws IOException {
        try (Journal j = new Journal(dir, 256 * 1024, false)) {
            for (int i = 0; i < 40; i++) {
                write(j, 200);   // several segments of 64 KB
            }
            j.ack(j.durableSeq());
            assertTrue(j.bytes() < 256 * 1024, "acknowledged segments are deleted");
        }
        try (Journal j = new Journal(dir, 256 * 1024, false)) {
            assertEquals(8001, j.append(Topic.SESSION, -1, json(0)));
        }
    }

    @Test
    void overNinetyPercentNewSessionsAreRefusedAndRecordsStillAppended() throws IOException {
        try (Journal j = new Journal(dir, 64 * 1024 * 4, false)) {
            assertTrue(j.acceptingNewSessions());
            while (j.bytes() < 0.92 * j.maxBytes()) {
                write(j, 100);
            }
            assertFalse(j.acceptingNewSessions());
            long before = j.durableSeq();
            write(j, 10);
            assertEquals(before + 10, j.durableSeq(), "an injection record is never dropped");
            j.ack(j.durableSeq());
            assertTrue(j.acceptingNewSessions(), "room again once the broker took the backlog");
        }
    }

    @Test
    void withMqttDisabledTheJournalRotates() throws IOException {
        try (Journal j = new Journal(dir, 256 * 1024, true)) {
            for (int i = 0; i < 40; i++) {
                write(j, 200);
            }
            assertTrue(j.bytes() <= 256 * 1024, "bounded: " + j.bytes());
            assertTrue(j.acceptingNewSessions());
        }
        try (Journal j = new Journal(dir, 256 * 1024, true)) {
            assertEquals(8001, j.append(Topic.SESSION, -1, json(0)), "seq survives rotation");
        }
    }
}
