package org.mesogun.console;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code DATA_DIR/audit.log}: every setting, calibration and account change (SR-13), appended
 * and forced to disk before the console answers {@code ok}, so an acknowledged change is never
 * lost unrecorded. Append-only: nothing here rewrites or truncates it.
 */
public final class AuditLog {

    public static final String FILE_NAME = "audit.log";

    private final Path file;
    private final AuditListener listener;

    public AuditLog(Path dataDir, AuditListener listener) {
        this.file = dataDir.resolve(FILE_NAME);
        this.listener = listener;
    }

    public Path file() {
        return file;
    }

    public synchronized void append(AuditRecord r) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] bytes = (r.line() + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        listener.changed(r);
    }

    /** The last {@code n} lines, oldest first. */
    public synchronized List<String> tail(int n) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
        return new ArrayList<>(all.subList(Math.max(0, all.size() - n), all.size()));
    }
}
