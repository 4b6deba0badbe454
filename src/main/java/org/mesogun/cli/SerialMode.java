package org.mesogun.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.mesogun.config.DeviceConfig;
import org.mesogun.harness.SerialSession;

/** {@code simulate --serial}: the simulated gun with its technician console on a pty, until stopped. */
final class SerialMode {

    private SerialMode() {
    }

    /** @param broker {@code --broker}, or null for the profile's choice */
    static int run(DeviceConfig cfg, Path configDir, Path dataDir, long seed, String broker, PrintStream out)
            throws IOException {
        Path ptyDir = Files.createTempDirectory("mesogun-serial");
        SerialSession session;
        try {
            session = SerialSession.start(cfg, configDir, dataDir, seed, ptyDir,
                    r -> out.println("audit: " + r.user() + " " + r.what() + ": " + r.oldValue() + " -> " + r.newValue()),
                    broker, out::println);
        } catch (IOException | IllegalStateException e) {
            System.err.println("simulate: " + e.getMessage());
            Files.deleteIfExists(ptyDir);
            return 3;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            out.println("stopping: loop, console, socat (pid " + session.socatPid() + ")");
            session.close();
            try {
                Files.deleteIfExists(ptyDir);
            } catch (IOException e) {
                // a temporary directory left behind is harmless
            }
            out.println("stopped");
            out.flush();
            stopped.countDown();
        }, "mesogun-serial-stop"));
        var load = session.calibrationAtStart();
        out.printf(Locale.ROOT, "mesogun simulate --serial: data dir %s, calibration: %s%n", dataDir.toAbsolutePath(),
                load.armable() ? "loaded" : "none usable (" + load.reason() + "): unarmed until calibrated");
        out.printf(Locale.ROOT, "simulator: true %.1f steps/mm (%+.1f %%), flow %+.1f %% off nominal, seed %d%n",
                session.spec().trueStepsPerMm, session.spec().stepsPerMmErrorPct(), session.spec().flowErrorPct(), seed);
        out.println("socat pid " + session.socatPid());
        var t = session.gun().telemetry();
        out.println(t == null || t.brokerUri() == null ? "telemetry: MQTT off, journal only"
                : "telemetry: " + t.brokerUri() + "; watch it with: " + t.subscribeHint());
        out.println("serial: " + session.technicianEnd());
        // The factory PIN is printed only while it is still the factory account's PIN.
        boolean factoryPin = org.mesogun.config.AccountStore.open(dataDir).find(org.mesogun.config.AccountStore.FACTORY_USER)
                .map(org.mesogun.config.Account::mustChangePin).orElse(false);
        out.println("connect with: screen " + session.technicianEnd() + " " + cfg.serial().baud()
                + (factoryPin ? "   (first login: LOGIN factory " + org.mesogun.config.AccountStore.FACTORY_PIN
                        + "; stop with Ctrl-C)" : "   (stop with Ctrl-C)"));
        out.flush();
        String last = null;
        try {
            while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                String s = session.status();
                if (!s.equals(last)) {
                    out.println("gun: " + s);
                    last = s;
                }
                if (!session.loopRunning() && !stopping.get()) {
                    out.println("the loop stopped");
                    session.close();
                    return 1;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
