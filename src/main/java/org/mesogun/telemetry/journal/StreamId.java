package org.mesogun.telemetry.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.mesogun.config.AtomicFiles;

/**
 * The identity of one journal's history (requirements §7): every journaled record carries it, and a
 * dashboard de-duplicates by ({@code deviceId}, {@code streamId}, {@code seq}). It is created with
 * the history and kept beside its segments; whenever the history is lost (the journal deleted,
 * unreadable, or empty so that {@code seq} starts again at 1) a new one is made, so a sequence a
 * dashboard has seen is never continued by records it has not.
 */
final class StreamId {

    private static final String FILE = "stream";
    private static final Pattern VALID = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private StreamId() {
    }

    /**
     * The stream of the journal in {@code dir} whose last issued seq is {@code lastSeq}: the one
     * kept there while its history continues, else a new one, kept before any record uses it.
     */
    static String open(Path dir, long lastSeq) throws IOException {
        Path f = dir.resolve(FILE);
        if (lastSeq > 0) {
            String kept = read(f);
            if (kept != null) {
                return kept;
            }
        }
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        AtomicFiles.write(f, id.getBytes(StandardCharsets.US_ASCII));
        return id;
    }

    /** The kept id, or null when there is none or it is not one (a damaged file starts a new stream). */
    private static String read(Path f) throws IOException {
        try {
            String s = new String(Files.readAllBytes(f), StandardCharsets.US_ASCII).trim();
            return VALID.matcher(s).matches() ? s : null;
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
