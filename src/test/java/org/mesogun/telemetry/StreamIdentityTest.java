package org.mesogun.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mesogun.config.AtomicFiles;
import org.mesogun.telemetry.journal.Journal;
import org.mesogun.telemetry.journal.JournalReader;
import org.mesogun.telemetry.journal.JournalRecord;

/**
 * A dashboard de-duplicates by (deviceId, streamId, seq): the stream continues while the journal's
 * history does, from any working directory, and is new whenever that history is lost, so no key
 * is ever issued twice.
 */
class StreamIdentityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String open(Path journalDir, int records) throws IOException {
        try (Journal j = new Journal(journalDir, 4 << 20, false)) {
            for (int i = 0; i < records; i++) {
                j.append(Topic.NEEDLE, i, "{}".getBytes(StandardCharsets.US_ASCII));
            }
            j.sync();
            return j.streamId() + "@" + j.recovery().lastSeq();
        }
    }

    @Test
    void theStreamContinuesWithItsHistoryAndIsNewWhenTheHistoryIsLost() throws IOException {
        Path segments = dir.resolve("segments");
        String first = open(segments, 3);
        String id = first.split("@")[0];
        assertTrue(id.matches("[0-9a-f]{32}"), id);
        assertEquals(id + "@3", open(segments, 2), "reopened: the same stream, seq on from 3");

        AtomicFiles.deleteTree(segments);
        String again = open(segments, 1);
        assertNotEquals(id, again.split("@")[0], "the journal deleted: a new stream from seq 1");
        assertEquals("@0", again.substring(again.indexOf('@')), "nothing was left to recover");

        Files.writeString(segments.resolve("stream"), "damaged");
        String damaged = open(segments, 1);
        assertNotEquals(again.split("@")[0], damaged.split("@")[0]);
        assertTrue(damaged.split("@")[0].matches("[0-9a-f]{32}"), "a damaged id is replaced, never used");
    }

    @Test
    void aJournalThatNeverHeldARecordStartsANewStreamEachTime() throws IOException {
        Path segments = dir.resolve("segments");
        String a = open(segments, 0);
        String b = open(segments, 0);
        assertNotEquals(a, b, "seq would start at 1 again: never under an id a dashboard may have seen");
    }

    /**
     * Issue 17: the journal followed the working directory, so the same gun run from another folder
     * started again at seq 1 and a dashboard de-duplicating by seq threw real records away.
     */
    @Test
    void simulateFromTwoWorkingDirectoriesOnOneProfileContinuesOneStream() throws Exception {
        Path config = Files.createDirectories(dir.resolve("gun/config"));
        Files.copy(Path.of("config", "mesogun.yaml"), config.resolve("mesogun.yaml"));
        Path here = Files.createDirectories(dir.resolve("here"));
        Path there = Files.createDirectories(dir.resolve("there"));
        simulate(here, config, 1);
        simulate(there, config, 2);
        Path journal = dir.resolve("gun/var/journal/segments");
        assertTrue(Files.isDirectory(journal), "the profile's ../var, not the working directory's");
        assertTrue(Files.notExists(here.resolve("var")) && Files.notExists(there.resolve("var")));
        List<JsonNode> records = read(journal);
        Set<String> streams = new HashSet<>();
        for (int i = 0; i < records.size(); i++) {
            assertEquals(i + 1, records.get(i).get("seq").asLong(), "gapless from 1 across both runs");
            streams.add(records.get(i).get("streamId").asText());
        }
        assertEquals(1, streams.size(), streams.toString());
        assertTrue(records.stream().map(r -> r.get("bootId").asLong()).distinct().count() == 2, "two boots");

        AtomicFiles.deleteTree(dir.resolve("gun/var/journal"));
        simulate(here, config, 3);
        List<JsonNode> after = read(journal);
        assertEquals(1, after.get(0).get("seq").asLong());
        assertTrue(!streams.contains(after.get(0).get("streamId").asText()), "a new stream: no key reused");
    }

    private static void simulate(Path workDir, Path config, long seed) throws Exception {
        Path log = workDir.resolve("simulate-" + seed + ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), "org.mesogun.cli.Main", "simulate",
                "--fast", "--broker", "none", "--points", "4", "--seed", Long.toString(seed),
                "--config", config.toString())
                .directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "simulate finished");
        assertEquals(0, p.exitValue(), Files.readString(log));
    }

    private static List<JsonNode> read(Path segments) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (Journal j = new Journal(segments, 4 << 20, true); JournalReader r = new JournalReader(j)) {
            r.seek(1);
            for (JournalRecord rec; (rec = r.next()) != null; ) {
                out.add(JSON.readTree(rec.json()));
            }
        }
        return out;
    }
}
