package org.mesogun.cli;

import com.fazecast.jSerialComm.SerialPort;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mesogun.config.CalibrationStore;
import org.mesogun.config.DeviceConfig;
import org.mesogun.harness.FactoryCalibration;
import org.mesogun.simulator.SimSpec;
import org.mesogun.telemetry.broker.EmbeddedBroker;

/**
 * The loop inside the whole product: {@code run} on the simulated board in a child JVM with the
 * unit's flags, a simulated clinician at the profile's highest shot rate, while the bench keeps its
 * console busy (a status request every few ms over the pty), stops the broker for the middle third
 * of the run (the journal's backlog then replays on reconnect), and has the child measure its JVM's
 * stop-the-world pauses. The child reports its loop's figures and the pauses when it stops.
 */
final class FullRunBench {

    /** Latencies in µs, pauses in ms; {@code error} when it could not be measured. */
    record Result(double p50Us, double p99Us, double p999Us, double maxUs, long ticks, long overruns, double gcMs,
                  double safepointOpMs, double ttspMs, long consoleRequests, long consoleLines, long replayed,
                  int seconds, String broker, String error) {

        static Result failed(String why) {
            return new Result(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, why);
        }
    }

    private static final Pattern LOOP = Pattern.compile("loop: (\\d+) ticks, (\\d+) overruns, wake-up latency p50 "
            + "([0-9.]+), p99 ([0-9.]+), p99.9 ([0-9.]+), max ([0-9.]+) us");
    private static final Pattern PAUSES = Pattern.compile("pauses: longest GC pause ([0-9.]+) ms, longest safepoint "
            + "operation ([0-9.]+) ms, longest time to safepoint ([0-9.]+) ms");
    private static final Pattern REPLAY = Pattern.compile("replaying (\\d+) records");

    private FullRunBench() {
    }

    /**
     * @param broker an external broker (no outage then), or null for an embedded one the bench stops and restarts
     */
    static Result run(DeviceConfig cfg, Path config, String protocol, int shotsPerS, int seconds, int rtPriority,
            String broker) {
        Path dir = null;
        Process p = null;
        EmbeddedBroker embedded = null;
        try {
            dir = Files.createTempDirectory("mesogun-fullrun");
            long seed = 1;
            SimSpec spec = SimSpec.builder().seed(seed)
                    .plunger(cfg.plunger().present(), cfg.plunger().resolutionUm(), 2.0).build();
            Path data = dir.resolve("data");
            new CalibrationStore(data, cfg).save(FactoryCalibration.measure(spec));   // the bench calibration
            org.mesogun.storage.MappedNeedleCounters.initialise(data.resolve(
                    org.mesogun.storage.MappedNeedleCounters.FILE_NAME));   // as the installer does
            Path scenario = dir.resolve("session.yaml");
            Files.writeString(scenario, "protocol: " + protocol + "\npoints: " + Math.max(20, shotsPerS * seconds * 2)
                    + "\nseed: " + seed + "\n");
            int port = 0;
            String uri = broker;
            if (uri == null) {
                embedded = EmbeddedBroker.start();
                port = embedded.port();
                uri = embedded.uri();
            }
            List<String> cmd = StartupProbe.boardCommand(List.of("run", "--config", config.toAbsolutePath().toString(),
                    "--data-dir", data.toString(), "--broker", uri, "--scenario", scenario.toString(),
                    "--rt-priority", Integer.toString(rtPriority), "--measure-pauses", "--status-every", "0"));
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            List<String> lines = new ArrayList<>();
            Thread reader = pump(p, lines);
            String console = await(lines, "console: ", 60);
            await(lines, "running:", 30);
            Busy busy = new Busy(console.split(" ")[1]);
            long start = System.nanoTime();
            sleepUntil(start, seconds / 3.0);
            if (embedded != null) {
                embedded.close();   // the broker goes away: records wait in the journal
                embedded = null;
                sleepUntil(start, 2 * seconds / 3.0);
                embedded = EmbeddedBroker.start(port);   // back: the backlog replays while shots go on
            }
            sleepUntil(start, seconds);
            busy.close();
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            p.waitFor(30, TimeUnit.SECONDS);
            reader.join(5_000);
            String all;
            synchronized (lines) {
                all = String.join("\n", lines);
            }
            Matcher l = LOOP.matcher(all);
            Matcher ps = PAUSES.matcher(all);
            if (!l.find() || !ps.find()) {
                return Result.failed("run did not report its figures: " + tail(all));
            }
            long replayed = 0;
            for (Matcher r = REPLAY.matcher(all); r.find(); ) {
                replayed += Long.parseLong(r.group(1));
            }
            return new Result(d(l, 3), d(l, 4), d(l, 5), d(l, 6), Long.parseLong(l.group(1)), Long.parseLong(l.group(2)),
                    d(ps, 1), d(ps, 2), d(ps, 3), busy.requests, busy.lines, replayed, seconds,
                    broker == null ? "embedded, stopped for the middle third" : broker, null);
        } catch (IllegalStateException e) {
            return Result.failed(e.getMessage());
        } catch (Exception e) {
            return Result.failed(e.toString());
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
            if (embedded != null) {
                embedded.close();
            }
            if (dir != null) {
                try {
                    org.mesogun.config.AtomicFiles.deleteTree(dir);
                } catch (java.io.IOException e) {
                    // a temporary directory left behind is harmless
                }
            }
        }
    }

    /** A technician who never stops asking: {@code ?} every 2 ms and a {@code HELP} every 50 ms, answers read. */
    private static final class Busy implements AutoCloseable {
        private final SerialPort port;
        private final Thread writer;
        private final Thread reader;
        private volatile boolean running = true;
        volatile long requests;
        volatile long lines;

        Busy(String path) {
            port = SerialPort.getCommPort(path);
            port.setComPortParameters(115200, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
            port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
            port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, 50, 1_000);
            if (!port.openPort()) {
                throw new IllegalStateException("cannot open the console " + path);
            }
            writer = new Thread(() -> {
                byte[] q = {'?'};
                byte[] help = "HELP\r\n".getBytes(StandardCharsets.ISO_8859_1);
                for (long i = 0; running; i++) {
                    port.writeBytes(q, 1);
                    requests++;
                    if (i % 25 == 0) {
                        port.writeBytes(help, help.length);
                        requests++;
                    }
                    sleep(2);
                }
            }, "bench-console-out");
            reader = new Thread(() -> {
                byte[] buf = new byte[4096];
                while (running) {
                    int n = port.readBytes(buf, buf.length);
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            lines++;
                        }
                    }
                }
            }, "bench-console-in");
            writer.start();
            reader.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            writer.join(2_000);
            reader.join(2_000);
            port.closePort();
        }
    }

    private static Thread pump(Process p, List<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(l);
                        lines.notifyAll();
                    }
                }
            } catch (java.io.IOException e) {
                // the child ended
            }
        }, "bench-run-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String await(List<String> lines, String prefix, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        synchronized (lines) {
            while (System.nanoTime() < end) {
                for (String l : lines) {
                    if (l.startsWith(prefix)) {
                        return l;
                    }
                }
                lines.wait(200);
            }
            throw new IllegalStateException("run printed no '" + prefix + "' line: " + tail(String.join("\n", lines)));
        }
    }

    private static void sleepUntil(long start, double seconds) throws InterruptedException {
        long left = start + (long) (seconds * 1e9) - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double d(Matcher m, int g) {
        return Double.parseDouble(m.group(g));
    }

    private static String tail(String s) {
        return s.length() <= 600 ? s : s.substring(s.length() - 600);
    }

    static String describe(Result r) {
        return String.format(Locale.ROOT, "run on the simulated board in a child JVM (%s), %d s at the highest shot "
                + "rate; meanwhile %,d console requests (%,d answer lines) over the pty, broker %s, %d records "
                + "replayed on reconnect", String.join(" ", StartupProbe.BOARD_FLAGS), r.seconds(), r.consoleRequests(),
                r.consoleLines(), r.broker(), r.replayed());
    }
}
