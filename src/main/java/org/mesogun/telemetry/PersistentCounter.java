package org.mesogun.telemetry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mesogun.config.AtomicFiles;

/**
 * A number that only rises, kept in a file written atomically and durably: the boot counter
 * ({@code bootId}) and the MQTT birth/death sequence ({@code bdSeq}, requirements §7).
 */
final class PersistentCounter {

    private final Path file;
    private long value;

    PersistentCounter(Path file) throws IOException {
        this.file = file;
        this.value = Files.exists(file) ? Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()) : 0;
    }

    synchronized long next() throws IOException {
        value++;
        AtomicFiles.write(file, Long.toString(value).getBytes(StandardCharsets.US_ASCII));
        return value;
    }

    synchronized long current() {
        return value;
    }
}
