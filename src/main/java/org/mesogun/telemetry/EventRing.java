package org.mesogun.telemetry;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The loop's hand-off (requirements §5): a single-producer single-consumer ring of fixed-size slots in a
 * memory-mapped file. The pages belong to the kernel, so a kill -9 of the service cannot empty it:
 * whatever the loop wrote and the writer had not journaled yet is found again at the next start.
 *
 * <p>A slot is published by writing its stamp (global index + 1) last, with release order; a
 * reader trusts a slot only when its stamp matches the index it expects, which also tells stale
 * slots from a previous lap. The header holds the consumer's position (records journaled), which
 * the producer reads to know the ring is full — then it drops and counts, never waits.
 */
public final class EventRing implements AutoCloseable {

    /** Bytes per slot: a stamp and the widest event (a completed point). */
    public static final int SLOT = 80;
    private static final int HEADER = 64;
    private static final int READ_INDEX = 0;
    private static final int PRODUCER_BOOT = 8;

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class,
            ByteOrder.nativeOrder());

    private final MappedByteBuffer buf;
    private final int capacity;
    private final FileChannel channel;

    // Producer-side state, touched only by the producing thread (the loop).
    private long writeIndex;
    private volatile long dropped;

    /** Opens (or creates) the ring file; a file of another size is replaced. */
    public EventRing(Path file, int capacity) throws IOException {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        this.capacity = capacity;
        long size = HEADER + (long) capacity * SLOT;
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (Files.exists(file) && Files.size(file) != size) {
            Files.delete(file);   // a ring of another geometry: its contents cannot be read safely
        }
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        org.mesogun.config.AtomicFiles.allocate(channel, size);   // never a fault in the loop on a full disk
        this.buf = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
        buf.order(ByteOrder.nativeOrder());
        long i = readIndex();
        while (stamp(i) == i + 1) {
            i++;   // records a previous run wrote and nobody journaled: the consumer will take them
        }
        this.writeIndex = i;
    }

    public int capacity() {
        return capacity;
    }

    // ---- producer (one thread) ----

    /** Offset of the next slot to fill, or -1 when full (the drop is counted). No allocation. */
    int claim() {
        if (writeIndex - readIndex() >= capacity) {
            dropped = dropped + 1;   // single writer: a plain increment of a volatile is safe
            return -1;
        }
        return offset(writeIndex);
    }

    /** Makes the claimed slot visible to the consumer. */
    void publish() {
        LONGS.setRelease(buf, offset(writeIndex), writeIndex + 1);
        writeIndex++;
    }

    MappedByteBuffer buffer() {
        return buf;
    }

    public long dropped() {
        return dropped;
    }

    /** Records written and not yet journaled: an estimate read from another thread. */
    public long backlog(long consumerIndex) {
        return Math.max(0, writeIndex - consumerIndex);
    }

    // ---- consumer (one thread) ----

    /** True when the slot at {@code index} holds a complete record. */
    public boolean ready(long index) {
        return stamp(index) == index + 1;
    }

    /** Byte offset of the slot's payload (after the stamp). */
    public int payload(long index) {
        return offset(index) + 8;
    }

    public java.nio.ByteBuffer view() {
        return buf;
    }

    /** Where the consumer resumes: everything before it is journaled. */
    public long readIndex() {
        return (long) LONGS.getAcquire(buf, READ_INDEX);
    }

    /** The consumer has journaled (durably) everything before {@code index}. */
    public void commitRead(long index) {
        LONGS.setRelease(buf, READ_INDEX, index);
    }

    /** The boot id of the run whose loop writes (wrote) the records; 0 in a ring of an older build. */
    public long producerBoot() {
        return (long) LONGS.getAcquire(buf, PRODUCER_BOOT);
    }

    /** Set once the previous run's records are journaled, before this run's loop writes any. */
    public void producerBoot(long bootId) {
        LONGS.setRelease(buf, PRODUCER_BOOT, bootId);
    }

    private long stamp(long index) {
        return (long) LONGS.getAcquire(buf, offset(index));
    }

    private int offset(long index) {
        return HEADER + (int) (index & (capacity - 1)) * SLOT;
    }

    @Override
    public void close() throws IOException {
        buf.force();
        channel.close();
    }
}
