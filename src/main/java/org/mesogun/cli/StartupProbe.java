package org.mesogun.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * requirements §11 start-up figures: `run` in a child JVM with the board's JVM flags (the systemd unit's),
 * on Pi4J's mock platform: JVM start to the self-test, to the loop running, and resident memory.
 */
final class StartupProbe {

    /** Times in ms; RSS in MB; {@code error} when it could not be measured. */
    record Result(double toSelfTestMs, double toRunningMs, double rssMb, String error) {
    }

    /** The unit's flags (deploy/mesogun.service). */
    static final List<String> BOARD_FLAGS = List.of("-Xms48m", "-Xmx48m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC",
            "-XX:ReservedCodeCacheSize=32m");

    private StartupProbe() {
    }

    /**
     * The full `run` as on the board: console attempted, telemetry to a broker outside the child
     * (as the board's is; an embedded one in the same JVM would add its own memory and start-up).
     */
    static Result run(Path config) {
        try (org.mesogun.telemetry.broker.EmbeddedBroker broker = org.mesogun.telemetry.broker.EmbeddedBroker.start()) {
            return run(config, broker.uri());
        } catch (java.io.IOException e) {
            return new Result(0, 0, 0, "no broker for the child: " + e.getMessage());
        }
    }

    /**
     * This jar's {@code mesogun <args>} in a child JVM with the unit's flags, as the board runs it.
     *
     * @throws IllegalStateException when not running from the jar (a bench from classes)
     */
    static List<String> boardCommand(List<String> args) {
        Path jar;
        try {
            jar = Path.of(StartupProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate the jar: " + e.getMessage());
        }
        if (!jar.toString().endsWith(".jar")) {
            throw new IllegalStateException("not running from the jar");
        }
        var cmd = new java.util.ArrayList<String>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(BOARD_FLAGS);
        cmd.addAll(List.of("-jar", jar.toString()));
        cmd.addAll(args);
        return cmd;
    }

    static Result run(Path config, String brokerUri) {
        Process p = null;
        try {
            Path data = Files.createTempDirectory("mesogun-startup");
            List<String> cmd = boardCommand(List.of("run", "--mock-platform", "--config",
                    config.toAbsolutePath().toString(), "--data-dir", data.toString(), "--broker", brokerUri,
                    "--status-every", "0"));
            long t0 = System.nanoTime();
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            double selfTest = -1;
            double running = -1;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    double ms = (System.nanoTime() - t0) / 1e6;
                    if (selfTest < 0 && line.startsWith("self-test:")) {
                        selfTest = ms;
                    }
                    if (line.startsWith("running:")) {
                        running = ms;
                        Thread.sleep(2_000);   // a steady state
                        break;
                    }
                }
            }
            double rss = rssMb(p.pid());
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            p.waitFor(20, TimeUnit.SECONDS);
            return new Result(selfTest, running, rss, selfTest < 0 || running < 0 ? "run did not start" : null);
        } catch (IllegalStateException e) {
            return new Result(0, 0, 0, e.getMessage());
        } catch (Exception e) {
            return new Result(0, 0, 0, e.toString());
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    private static double rssMb(long pid) throws java.io.IOException {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return -1;
    }
}
