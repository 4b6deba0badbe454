package org.mesogun.telemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.mesogun.config.ConfigLoader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Encoding an injection record, both halves: on the loop thread, the event into its fixed slot of
 * the memory-mapped ring (what a tick pays); on the writer thread, the slot rendered into the
 * published JSON (what bounds the records/s). Lives beside the package-private renderer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecordEncodeBenchmark {

    private Path dir;
    private EventRing ring;
    private RingSink sink;
    private RecordRenderer renderer;
    private long written;
    private long slot;

    @Setup
    public void open() throws IOException {
        dir = Files.createTempDirectory("jmh-encode");
        ring = new EventRing(dir.resolve("ring"), 1024);
        sink = new RingSink(ring, () -> true);
        renderer = new RecordRenderer("gun-bench-01", ConfigLoader.load(Path.of("config")).protocols(),
                new DeviceView());
        renderer.bootId(3);
        // An open session, so the point renders with its session's fields as in use.
        sink.sessionStarted(0, 1, 1, 1.5, 10, 4711, false);
        renderer.render(ring.view(), ring.payload(0));
        ring.commitRead(1);
        sink.point(1, 1, 1, 1.5, 10, 10.04, 10_600, 4, 57);
        slot = 1;
        written = 2;
    }

    /** The loop's side: one point into the ring; the consumer keeps up so the ring never fills. */
    @Benchmark
    public long ringSlot() {
        sink.point(written, 1, (int) written, 1.5, 10, 10.04, 10_600, 4, 57);
        ring.commitRead(++written);
        return written;
    }

    /** The writer's side: the same slot rendered to the injection topic's JSON bytes. */
    @Benchmark
    public byte[] renderJson() {
        return RecordRenderer.bytes(renderer.render(ring.view(), ring.payload(slot)).body());
    }

    @TearDown
    public void close() throws IOException {
        ring.close();
        org.mesogun.config.AtomicFiles.deleteTree(dir);
    }
}
