package org.mesogun.telemetry.journal;

import java.nio.charset.StandardCharsets;
import org.mesogun.telemetry.Topic;

/**
 * One journaled record: its per-device {@code seq}, the ring slot it came from (-1 when the
 * service made it up itself, e.g. an interrupted session) and the JSON payload as published,
 * without the {@code late} flag, which only the publisher knows.
 */
public record JournalRecord(long seq, long ringIndex, Topic topic, byte[] json) {

    public String text() {
        return new String(json, StandardCharsets.UTF_8);
    }
}
