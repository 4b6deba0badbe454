package org.mesogun.telemetry.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.mesogun.telemetry.Topic;

/**
 * The on-disk frame of a record: {@code int length, int crc32(body), body}, where the body is
 * {@code long seq, long ringIndex, byte topic, JSON bytes}. Big-endian, so a hex dump reads.
 */
final class Frame {

    static final int HEAD = 8;
    static final int BODY_FIXED = 17;
    /** Far above any record we write: a larger length is garbage, not a record. */
    static final int MAX_BODY = 64 * 1024;

    private Frame() {
    }

    static ByteBuffer encode(long seq, long ringIndex, Topic topic, byte[] json) {
        int body = BODY_FIXED + json.length;
        ByteBuffer b = ByteBuffer.allocate(HEAD + body);
        b.putInt(body).putInt(0).putLong(seq).putLong(ringIndex).put((byte) topic.ordinal()).put(json);
        CRC32 crc = new CRC32();
        crc.update(b.array(), HEAD, body);
        b.putInt(4, (int) crc.getValue());
        b.flip();
        return b;
    }

    /** Decodes a body whose length and CRC were checked. */
    static JournalRecord decode(ByteBuffer body) {
        long seq = body.getLong();
        long ring = body.getLong();
        int topic = body.get();
        byte[] json = new byte[body.remaining()];
        body.get(json);
        return new JournalRecord(seq, ring, Topic.values()[topic], json);
    }

    static boolean crcMatches(ByteBuffer body, int expected) {
        CRC32 crc = new CRC32();
        crc.update(body.duplicate());
        return (int) crc.getValue() == expected;
    }

    static String describe(JournalRecord r) {
        return r.seq() + " " + r.topic().suffix() + " " + new String(r.json(), StandardCharsets.UTF_8);
    }
}
