package org.mesogun.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.mesogun.telemetry.Topic;
import org.mesogun.telemetry.journal.Journal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Appending an injection record to the journal (framed, CRC32), with the writer's fsync once per
 * batch of 64 — the policy of docs/telemetry.md — so the fsync's cost is spread as it is in use.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JournalAppendBenchmark {

    private static final byte[] RECORD = ("{\"schema\":\"mesogun/injection/v1\",\"deviceId\":\"gun-sim-01\",\"bootId\":3,"
            + "\"seq\":1234,\"ts\":\"2026-11-27T15:00:00Z\",\"tsSynced\":true,\"session\":\"3-1\",\"point\":57,"
            + "\"mode\":\"nappage\",\"depthMm\":{\"target\":1.5,\"actual\":1.5},\"doseUl\":{\"target\":10,"
            + "\"delivered\":10.04},\"valveMs\":10.6,\"needle\":4,\"punctures\":57,\"result\":\"ok\"}")
            .getBytes(StandardCharsets.UTF_8);

    private Path dir;
    private Journal journal;
    private long n;

    @Setup
    public void open() throws IOException {
        dir = Files.createTempDirectory("jmh-journal");
        journal = new Journal(dir, 512L * 1024 * 1024, true);
    }

    @Benchmark
    public long appendWithBatchedFsync() throws IOException {
        long seq = journal.append(Topic.INJECTION, n++, RECORD);
        if ((n & 63) == 0) {
            journal.sync();
        }
        return seq;
    }

    @TearDown
    public void close() throws IOException {
        journal.sync();
        org.mesogun.config.AtomicFiles.deleteTree(dir);
    }
}
