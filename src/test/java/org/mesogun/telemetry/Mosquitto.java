package org.mesogun.telemetry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Mosquitto for the tests. {@link #shared} uses the one {@code .ci/run} started
 * ({@code MESOGUN_TEST_MQTT_PORT}); without it (a developer's {@code mvn verify}) it starts one
 * on a free loopback port if the binary exists, and otherwise skips with the reason. Tests that
 * stop the broker or need passwords always start their own.
 */
final class Mosquitto implements AutoCloseable {

    static final String ENV = "MESOGUN_TEST_MQTT_PORT";
    private static final Path[] BINARIES = {Path.of("/usr/sbin/mosquitto"), Path.of("/usr/bin/mosquitto")};

    private final int port;
    private final Path conf;
    private Process process;

    private Mosquitto(int port, Path conf) {
        this.port = port;
        this.conf = conf;
    }

    /** The CI broker, or one of our own. Close it after use (a no-op for the CI one). */
    static Mosquitto shared(Path dir) throws IOException {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return new Mosquitto(Integer.parseInt(env.trim()), null);
        }
        return start(dir, "allow_anonymous true\n");
    }

    /** A broker of our own with extra config lines (e.g. a password file). */
    static Mosquitto start(Path dir, String extra) throws IOException {
        Path bin = binary();
        Assumptions.assumeTrue(bin != null, "mosquitto is not installed (apt-get install mosquitto; .ci/run does"
                + " it): the MQTT integration tests are skipped");
        int port = freePort();
        Path conf = dir.resolve("mosquitto-" + port + ".conf");
        // As root, mosquitto drops to user "mosquitto", which cannot read a test's private temp dir.
        String user = "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
        String persistence = extra.contains("persistence ") ? "" : "persistence false\n";
        Files.writeString(conf, "listener " + port + " 127.0.0.1\n" + persistence + user + "log_dest none\n" + extra);
        Mosquitto m = new Mosquitto(port, conf);
        m.startProcess();
        return m;
    }

    static Path binary() {
        for (Path p : BINARIES) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    void startProcess() throws IOException {
        process = new ProcessBuilder(binary().toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IOException("mosquitto exited with " + process.exitValue() + " (config " + conf + ")");
                }
                sleep(20);
            }
        }
        throw new IOException("mosquitto did not listen on " + port + " within 10 s");
    }

    /** Stops the broker (our own only); {@link #startProcess()} brings it back on the same port. */
    void stopProcess() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        stopProcess();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
