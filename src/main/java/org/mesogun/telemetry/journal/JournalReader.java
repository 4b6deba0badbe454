package org.mesogun.telemetry.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The publisher's cursor over the journal: records in {@code seq} order from a starting seq, only
 * as far as {@link Journal#durableSeq()}, so nothing that a power cut could still tear is ever
 * published. One thread.
 */
public final class JournalReader implements AutoCloseable {

    private final Journal journal;
    private FileChannel ch;
    private long segmentFirst = -1;
    private long pos;
    private long nextSeq;
    private final ByteBuffer head = ByteBuffer.allocate(Frame.HEAD);

    public JournalReader(Journal journal) {
        this.journal = journal;
    }

    /** The next {@link #next()} returns the record {@code seq} (or the first after it). */
    public void seek(long seq) throws IOException {
        closeChannel();
        nextSeq = seq;
    }

    /** The next durable record, or null when there is none yet. */
    public JournalRecord next() throws IOException {
        while (nextSeq <= journal.durableSeq()) {
            if (ch == null && !open(journal.segmentFor(nextSeq))) {
                return null;
            }
            if (pos + Frame.HEAD > ch.size()) {
                Map.Entry<Long, java.nio.file.Path> after = journal.segmentAfter(segmentFirst);
                if (after == null) {
                    return null;
                }
                closeChannel();
                if (!open(after)) {
                    return null;
                }
                continue;
            }
            head.clear();
            SegmentScan.readFully(ch, head, pos);
            head.flip();
            int len = head.getInt();
            int crc = head.getInt();
            if (pos + Frame.HEAD + len > ch.size()) {
                return null;
            }
            ByteBuffer body = ByteBuffer.allocate(len);
            SegmentScan.readFully(ch, body, pos + Frame.HEAD);
            body.flip();
            if (!Frame.crcMatches(body, crc)) {
                return null;   // still being written: it is not durable yet
            }
            JournalRecord r = Frame.decode(body);
            if (r.seq() > journal.durableSeq()) {
                return null;
            }
            pos += Frame.HEAD + len;
            if (r.seq() >= nextSeq) {
                nextSeq = r.seq() + 1;
                return r;
            }
        }
        return null;
    }

    private boolean open(Map.Entry<Long, java.nio.file.Path> seg) throws IOException {
        if (seg == null) {
            return false;
        }
        try {
            ch = FileChannel.open(seg.getValue(), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return false;   // acknowledged and deleted meanwhile; the caller seeks again
        }
        segmentFirst = seg.getKey();
        pos = 0;
        return true;
    }

    private void closeChannel() throws IOException {
        if (ch != null) {
            ch.close();
            ch = null;
        }
    }

    @Override
    public void close() throws IOException {
        closeChannel();
    }
}
