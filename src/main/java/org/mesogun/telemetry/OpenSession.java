package org.mesogun.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The session in progress as the journal knows it, kept in a small file so that the next start
 * can report a session that a kill -9 or a power cut interrupted (SPEC §12). Written at the start
 * of a session durably, then after each writer batch that changed it (rename, no fsync: a kill
 * -9 keeps the page cache; a power cut may leave the counts a batch behind).
 */
final class OpenSession {

    /** Mutable on purpose: the writer thread's own bookkeeping, serialised as it is. */
    static final class Context {
        public long bootId;
        public int session;
        public String sessionRef;
        public String protocol;
        public String mode;
        public double depthMm;
        public double doseUl;
        public int points;
        public double deliveredUl;
        public int needlesUsed;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final Path tmp;

    OpenSession(Path dir) {
        this.file = dir.resolve("open-session.json");
        this.tmp = dir.resolve("open-session.json.tmp");
    }

    Context load() throws IOException {
        return Files.exists(file) ? JSON.readValue(file.toFile(), Context.class) : null;
    }

    void started(Context c) throws IOException {
        org.mesogun.config.AtomicFiles.write(file, JSON.writeValueAsBytes(c));
    }

    void update(Context c) throws IOException {
        Files.write(tmp, JSON.writeValueAsBytes(c));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    void ended() throws IOException {
        Files.deleteIfExists(file);
    }
}
