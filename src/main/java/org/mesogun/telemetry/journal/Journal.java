package org.mesogun.telemetry.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.mesogun.config.AtomicFiles;
import org.mesogun.telemetry.Topic;

/**
 * The durable outbox (requirements §7): append-only segment files named by their first {@code seq},
 * frames with length and CRC32 ({@link Frame}). One writer thread appends and syncs; the
 * publisher reads up to {@link #durableSeq()} and acknowledges; a segment is deleted only once
 * every record in it was acknowledged by the broker and that acknowledgement is on disk
 * ({@code acked}), so the highest {@code seq} ever issued can always be recovered: from the last
 * segment, or from {@code acked} when every segment is gone. That is what makes {@code seq}
 * gapless and never reused across restarts: only durable records are published, so a torn tail
 * holds nothing anyone has seen.
 *
 * <p>With MQTT disabled the journal is a rotating log: nothing acknowledges, and the oldest
 * segments go once the journal passes 80 % of its bound.
 */
public final class Journal implements AutoCloseable {

    /** requirements §7: over this share of the bound, new sessions are refused. */
    public static final double REFUSE_AT = 0.90;
    private static final double ROTATE_AT = 0.80;
    private static final long ACK_PERSIST_NANOS = 200_000_000L;

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final boolean rotating;
    private final ConcurrentSkipListMap<Long, Path> segments = new ConcurrentSkipListMap<>();
    private final AtomicLong totalBytes = new AtomicLong();
    private final Object durableMonitor = new Object();
    private final Recovery recovery;
    private final String streamId;

    // writer thread
    private FileChannel active;
    private long activeSize;
    private long nextSeq;
    private final List<ByteBuffer> pending = new ArrayList<>();
    private long pendingFirstSeq;
    private long pendingStarted;   // bytes of the queued batch already written (a failed sync)

    private volatile long durableSeq;
    private volatile long ackedSeq;
    private long persistedAck;
    private long lastAckPersist;

    /** What the start-up recovery found, reported at the next start (requirements §5). */
    public record Recovery(long lastSeq, long lastRingIndex, long tornBytes, int segments, long records) {
    }

    /**
     * Opens the journal in {@code dir}, truncating a torn tail.
     *
     * @param rotating true when nothing will acknowledge (MQTT disabled): a rotating session log
     */
    public Journal(Path dir, long maxBytes, boolean rotating) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = Math.max(64 * 1024, Math.min(1 << 20, maxBytes / 16));
        this.rotating = rotating;
        Files.createDirectories(dir);
        long acked = readAcked();
        long last = acked;
        long ring = -1;
        long torn = 0;
        long records = 0;
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
        for (Path f : files) {
            SegmentScan.Result r;
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                r = SegmentScan.scan(ch, null);
                if (r.torn()) {
                    torn += r.fileSize() - r.validEnd();
                    ch.truncate(r.validEnd());
                    ch.force(true);
                }
            }
            if (r.records() == 0) {
                Files.delete(f);
                continue;
            }
            segments.put(r.firstSeq(), f);
            totalBytes.addAndGet(r.validEnd());
            last = Math.max(last, r.lastSeq());
            ring = Math.max(ring, r.lastRingIndex());
            records += r.records();
        }
        this.nextSeq = last + 1;
        this.durableSeq = last;
        this.ackedSeq = acked;
        this.persistedAck = acked;
        this.recovery = new Recovery(last, ring, torn, segments.size(), records);
        this.streamId = StreamId.open(dir, last);
    }

    /** This journal's history: with {@code seq}, what a record is de-duplicated by ({@link StreamId}). */
    public String streamId() {
        return streamId;
    }

    public Recovery recovery() {
        return recovery;
    }

    // ---- writer thread ----

    /** The seq the next {@link #append} will get, so the payload can carry it. Writer thread. */
    public long nextSeq() {
        return nextSeq;
    }

    /** Queues a record for the next {@link #sync()}; returns its seq. No I/O: nothing here can fail. */
    public long append(Topic topic, long ringIndex, byte[] json) {
        long seq = nextSeq++;
        if (pending.isEmpty()) {
            pendingFirstSeq = seq;
        }
        pending.add(Frame.encode(seq, ringIndex, topic, json));
        return seq;
    }

    /**
     * Writes the queued records and fsyncs them; then (and only then) the publisher sees them.
     * When it throws (disk full), the records not yet written stay queued, each frame from where
     * its write stopped, so calling it again completes the same bytes in the same file.
     */
    public void sync() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        if (pendingStarted == 0) {
            long bytes = 0;
            for (ByteBuffer b : pending) {
                bytes += b.remaining();
            }
            // A batch never straddles two segments, so the segment's name is its first seq.
            if (active == null || activeSize > 0 && activeSize + bytes > segmentBytes) {
                roll(pendingFirstSeq);
            }
        }
        for (ByteBuffer b : pending) {
            while (b.hasRemaining()) {
                int n = active.write(b);
                pendingStarted += n;
                activeSize += n;
                totalBytes.addAndGet(n);
            }
        }
        active.force(false);
        pending.clear();
        pendingStarted = 0;
        synchronized (durableMonitor) {
            durableSeq = nextSeq - 1;
            durableMonitor.notifyAll();
        }
        if (rotating) {
            rotate();
        }
    }

    private void roll(long firstSeq) throws IOException {
        if (active != null) {
            active.force(false);
            active.close();
            active = null;
        }
        Path f = dir.resolve(String.format("%020d.seg", firstSeq));
        active = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        activeSize = Files.size(f);   // 0, unless a failed roll of this batch created it already
        segments.put(firstSeq, f);
    }

    private void rotate() throws IOException {
        while (totalBytes.get() > maxBytes * ROTATE_AT && segments.size() > 1) {
            Map.Entry<Long, Path> oldest = segments.firstEntry();
            Long next = segments.higherKey(oldest.getKey());
            ackedSeq = Math.max(ackedSeq, next - 1);
            persistAck();
            deleteSegment(oldest.getKey(), oldest.getValue());
        }
    }

    // ---- publisher thread ----

    /** The broker acknowledged every record up to {@code seq}: segments wholly below it can go. */
    public void ack(long seq) throws IOException {
        if (seq <= ackedSeq) {
            return;
        }
        ackedSeq = seq;
        Map.Entry<Long, Path> oldest = segments.firstEntry();
        Long second = oldest == null ? null : segments.higherKey(oldest.getKey());
        boolean deletable = second != null && second - 1 <= seq;
        long now = System.nanoTime();
        if (deletable || now - lastAckPersist > ACK_PERSIST_NANOS) {
            persistAck();
            lastAckPersist = now;
        }
        while (true) {
            oldest = segments.firstEntry();
            second = oldest == null ? null : segments.higherKey(oldest.getKey());
            if (second == null || second - 1 > persistedAck) {
                break;
            }
            deleteSegment(oldest.getKey(), oldest.getValue());
        }
    }

    private synchronized void persistAck() throws IOException {
        long a = ackedSeq;
        if (a != persistedAck) {
            AtomicFiles.write(dir.resolve("acked"), Long.toString(a).getBytes(StandardCharsets.US_ASCII));
            persistedAck = a;
        }
    }

    private void deleteSegment(long first, Path f) throws IOException {
        long size = Files.size(f);
        Files.delete(f);
        segments.remove(first);
        totalBytes.addAndGet(-size);
    }

    private long readAcked() throws IOException {
        Path f = dir.resolve("acked");
        if (!Files.exists(f)) {
            return 0;
        }
        return Long.parseLong(Files.readString(f, StandardCharsets.US_ASCII).trim());
    }

    /** Waits until a record after {@code seq} is durable, or the timeout passes. */
    public void awaitDurableAfter(long seq, long timeoutMillis) throws InterruptedException {
        synchronized (durableMonitor) {
            if (durableSeq <= seq) {
                durableMonitor.wait(timeoutMillis);
            }
        }
    }

    // ---- any thread ----

    public long durableSeq() {
        return durableSeq;
    }

    public long ackedSeq() {
        return ackedSeq;
    }

    /** Records journaled and not yet acknowledged by the broker. */
    public long backlog() {
        return rotating ? 0 : Math.max(0, durableSeq - ackedSeq);
    }

    public long bytes() {
        return totalBytes.get();
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** requirements §7: false over 90 % of the bound (never in rotating mode, which makes room itself). */
    public boolean acceptingNewSessions() {
        return rotating || totalBytes.get() < maxBytes * REFUSE_AT;
    }

    Map.Entry<Long, Path> segmentFor(long seq) {
        Map.Entry<Long, Path> e = segments.floorEntry(seq);
        return e != null ? e : segments.firstEntry();
    }

    Map.Entry<Long, Path> segmentAfter(long first) {
        return segments.higherEntry(first);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        sync();
        if (active != null) {
            active.close();
            active = null;
        }
        persistAck();
    }
}
