package org.mesogun.telemetry.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.Consumer;

/**
 * Reads a segment's frames from the start, stopping at the first one that is short, oversized or
 * fails its CRC: after a power cut that is a torn tail, and everything before it is intact.
 */
final class SegmentScan {

    /** @param validEnd byte offset just past the last good frame */
    record Result(long validEnd, long fileSize, long firstSeq, long lastSeq, long lastRingIndex, int records) {
        boolean torn() {
            return validEnd < fileSize;
        }
    }

    private SegmentScan() {
    }

    static Result scan(FileChannel ch, Consumer<JournalRecord> each) throws IOException {
        long size = ch.size();
        long pos = 0;
        long first = -1;
        long last = -1;
        long ring = -1;
        int n = 0;
        ByteBuffer head = ByteBuffer.allocate(Frame.HEAD);
        while (pos + Frame.HEAD <= size) {
            head.clear();
            readFully(ch, head, pos);
            head.flip();
            int len = head.getInt();
            int crc = head.getInt();
            if (len < Frame.BODY_FIXED || len > Frame.MAX_BODY || pos + Frame.HEAD + len > size) {
                break;
            }
            ByteBuffer body = ByteBuffer.allocate(len);
            readFully(ch, body, pos + Frame.HEAD);
            body.flip();
            if (!Frame.crcMatches(body, crc)) {
                break;
            }
            JournalRecord r = Frame.decode(body);
            if (first < 0) {
                first = r.seq();
            }
            last = r.seq();
            if (r.ringIndex() >= 0) {
                ring = r.ringIndex();
            }
            n++;
            if (each != null) {
                each.accept(r);
            }
            pos += Frame.HEAD + len;
        }
        return new Result(pos, size, first, last, ring, n);
    }

    static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int k = ch.read(b, pos);
            if (k < 0) {
                throw new IOException("unexpected end of segment");
            }
            pos += k;
        }
    }
}
