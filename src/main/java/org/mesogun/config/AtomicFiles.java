package org.mesogun.config;

import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Durable, atomic replacement of small machine-written files (SR-13: "saved atomically and
 * durably"). A crash or power cut at any moment leaves either the old file or the new one, never
 * a mix: write a temporary file in the same directory, fsync it, rename it over the target (one
 * atomic step on POSIX file systems), then fsync the directory so the rename itself survives.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Same directory: a rename across file systems would not be atomic.
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            fsyncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * As {@link #write}, first copying the current target (if any) to {@code previous}, also
     * atomically, so the target exists at every moment and the last version is kept (SR-13).
     */
    public static void writeKeepingPrevious(Path target, Path previous, byte[] bytes) throws IOException {
        if (Files.exists(target)) {
            write(previous, Files.readAllBytes(target));
        }
        write(target, bytes);
    }

    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, READ)) {
            ch.force(true);
        }
    }

    /**
     * Makes the first {@code size} bytes of a file to be memory-mapped take real blocks on disk,
     * by writing each block back with its current content (zeros where the file had none). A page
     * of a sparse mapped file first written when the disk is full faults in whatever thread
     * touches it (SIGBUS, an InternalError in Java): for our rings and counters, the control loop.
     * This way a full disk is an IOException at start-up instead.
     */
    public static void allocate(FileChannel ch, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4096);
        for (long pos = 0; pos < size; pos += b.capacity()) {
            b.clear().limit((int) Math.min(b.capacity(), size - pos));
            while (b.hasRemaining() && ch.read(b, pos + b.position()) > 0) {
                // read what the file already holds there
            }
            while (b.hasRemaining()) {
                b.put((byte) 0);
            }
            b.flip();
            while (b.hasRemaining()) {
                ch.write(b, pos + b.position());
            }
        }
        ch.force(true);
    }

    /** Deletes a directory and everything under it, best effort (a scratch directory: benches, tests). */
    public static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
