package org.mesogun.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The session in progress as the journal knows it, kept in a small file so that the next start
 * can report a session that a kill -9 or a power cut interrupted (requirements §12).
 *
 * <p>The file is a {@link Mark}: the context before and after one writer batch (ring indexes
 * {@code start..end}), written <em>before</em> the batch's frames reach the journal. So whatever
 * a kill leaves — none, some or all of the batch journaled — the next start finds the context at
 * the point the journal stopped: {@code after} when the whole batch is in, else {@code before}
 * plus the batch's journaled ring records replayed (they are still in the ring: its read index
 * moves only after the batch is durable). Written durably when a session starts, else by rename
 * (a kill -9 keeps the page cache; a power cut may leave the counts a batch behind).
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

        Context copy() {
            Context c = new Context();
            c.bootId = bootId;
            c.session = session;
            c.sessionRef = sessionRef;
            c.protocol = protocol;
            c.mode = mode;
            c.depthMm = depthMm;
            c.doseUl = doseUl;
            c.points = points;
            c.deliveredUl = deliveredUl;
            c.needlesUsed = needlesUsed;
            return c;
        }
    }

    /**
     * The session context around one writer batch of ring records {@code [start, end)}; null
     * contexts are "no session open". {@code interruptedSeq}: the seq under which the start-up
     * is reporting {@code before} as interrupted (so a kill during that report does not make a
     * second one).
     */
    static final class Mark {
        public long start;
        public Context before;
        public long end;
        public Context after;
        public long interruptedSeq;

        /** The context once the journal holds the ring records before {@code next}. */
        boolean whole(long next) {
            return next >= end;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final Path tmp;

    OpenSession(Path dir) {
        this.file = dir.resolve("open-session.json");
        this.tmp = dir.resolve("open-session.json.tmp");
    }

    Mark load() throws IOException {
        return Files.exists(file) ? JSON.readValue(file.toFile(), Mark.class) : null;
    }

    /** @param durable fsync (a session's start), else a rename */
    void write(Mark m, boolean durable) throws IOException {
        if (durable) {
            org.mesogun.config.AtomicFiles.write(file, JSON.writeValueAsBytes(m));
        } else {
            Files.write(tmp, JSON.writeValueAsBytes(m));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    void ended() throws IOException {
        Files.deleteIfExists(file);
    }
}
