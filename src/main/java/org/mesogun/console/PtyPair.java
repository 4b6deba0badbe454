package org.mesogun.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A pseudo-terminal pair from socat ({@code simulate --serial} and the tests): the gun opens one
 * end, a technician's {@code screen <path> 115200} or a test the other. Closing stops socat.
 */
public final class PtyPair implements AutoCloseable {

    private final Process socat;
    private final Path gunEnd;
    private final Path technicianEnd;

    public PtyPair(Path gunEnd, Path technicianEnd) throws IOException {
        this.gunEnd = gunEnd;
        this.technicianEnd = technicianEnd;
        this.socat = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + gunEnd,
                "pty,raw,echo=0,link=" + technicianEnd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(gunEnd) && Files.exists(technicianEnd))) {
            if (!socat.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IOException("socat did not open a pty pair (is socat installed?)");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IOException("interrupted");
            }
        }
    }

    public Path gunEnd() {
        return gunEnd;
    }

    public Path technicianEnd() {
        return technicianEnd;
    }

    /** socat's process id (to check that it is gone after {@link #close()}). */
    public long pid() {
        return socat.pid();
    }

    /** Whether socat still runs. */
    public boolean alive() {
        return socat.isAlive();
    }

    @Override
    public void close() {
        socat.destroy();
        try {
            if (!socat.waitFor(5, TimeUnit.SECONDS)) {
                socat.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            socat.destroyForcibly();
        }
    }
}
