package org.mesogun.app;

import com.pi4j.context.Context;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.mesogun.board.Pi4jGunHardware;
import org.mesogun.config.DeviceConfig;
import org.mesogun.controller.Controller;
import org.mesogun.hal.NanoClock;
import org.mesogun.loop.RealtimeThreads;

/**
 * The gun on the board: the Pi4J hardware after its self-test, assembled by the composition root
 * ({@link Gun}) with everything the product has: the controller and its loop and watchdogs, the
 * technician console on {@code serial.port}, telemetry to the configured broker, and the clean stop
 * that leaves the outputs safe (SR-10, SR-11). The loop does no I/O: status is read off it by
 * {@link #status()} from another thread.
 */
public final class GunService implements AutoCloseable {

    /**
     * How the service runs: where its state lives, the hardware watchdog device (or none), the
     * profile's directory, the broker ({@code null}: the profile's; {@code none}: journal only), the
     * console's port ({@code null}: the profile's {@code serial.port}; {@code none}: no console).
     */
    public record Options(Path dataDir, Path watchdogDevice, boolean mockPlatformAllowed, int realtimePriority,
                          int cpu, Path configDir, String broker, String consolePort, String firmware) {

        public Options(Path dataDir, Path watchdogDevice, boolean mockPlatformAllowed, int realtimePriority, int cpu) {
            this(dataDir, watchdogDevice, mockPlatformAllowed, realtimePriority, cpu, Path.of("config"), "none",
                    "none", "dev");
        }

        /** Normal scheduling, no pinning, no console, journal-only telemetry: for tests and the mock platform. */
        public Options(Path dataDir, Path watchdogDevice, boolean mockPlatformAllowed) {
            this(dataDir, watchdogDevice, mockPlatformAllowed, 0, -1);
        }
    }

    private final Pi4jGunHardware hw;
    private final Gun gun;
    private final PrintStream log;

    private GunService(Pi4jGunHardware hw, Gun gun, PrintStream log) {
        this.hw = hw;
        this.gun = gun;
        this.log = log;
    }

    /**
     * Self-test, then start. Refuses mock providers unless they were asked for: with every Pi4J
     * plugin on the class path, auto-detection can fall back to mocks silently, and a gun that
     * believes it drives a valve it does not drive must not run.
     */
    public static GunService start(DeviceConfig cfg, Context context, Options options, PrintStream log)
            throws IOException {
        return start(cfg, context, options, log, hw -> { });
    }

    /** @param beforeLoop sees the hardware before the loop starts (tests wire their mock mechanics) */
    static GunService start(DeviceConfig cfg, Context context, Options options, PrintStream log,
            java.util.function.Consumer<Pi4jGunHardware> beforeLoop) throws IOException {
        boolean mock = Pi4jGunHardware.usesMockProviders(context);
        if (mock && !options.mockPlatformAllowed()) {
            throw new IllegalStateException("refusing to drive the gun on Pi4J mock providers "
                    + Pi4jGunHardware.chosenProviders(context) + "; is this a Raspberry Pi with its GPIO plugins?");
        }
        log.println("providers: " + Pi4jGunHardware.chosenProviders(context) + (mock ? "  (MOCK PLATFORM)" : ""));
        org.mesogun.board.AxisKind axis = org.mesogun.board.AxisKind.fromConfig(cfg.mechanics().axisDriver());
        Pi4jGunHardware hw = Pi4jGunHardware.create(context, BoardMapping.pins(cfg), BoardMapping.settings(cfg),
                NanoClock.SYSTEM, axis, BoardMapping.tmcWiring(cfg));
        log.println("axis: " + cfg.mechanics().axisDriver());
        Gun gun = null;
        try {
            if (!hw.valve().coilOk()) {
                throw new IllegalStateException("self-test: the valve coil is open or shorted");
            }
            String port = options.consolePort() == null ? cfg.serial().port() : options.consolePort();
            GunParts parts = Gun.on(cfg, hw).dataDir(options.dataDir()).configDir(options.configDir())
                    .firmware(options.firmware()).watchdogDevice(options.watchdogDevice())
                    .realtime(options.realtimePriority(), options.cpu())
                    .log(log::println)
                    .audited(r -> log.println("audit: " + r.user() + " " + r.what() + ": " + r.oldValue() + " -> "
                            + r.newValue()))
                    .closeHardware(hw::close)
                    .beforeLoop(() -> {
                        if (options.realtimePriority() > 0) {
                            raiseValveTimer(hw.valve(), options.realtimePriority(),
                                    said -> log.println("valve timer: " + said));
                        }
                        beforeLoop.accept(hw);
                    });
            parts.telemetry(options.broker(), cfg.mqtt().journalPath(options.dataDir()));
            if (!"none".equals(port)) {
                parts.consoleOn(port);
            }
            gun = parts.build();
            Startup.report(gun, cfg, log);
            gun.start();
            Startup.running(gun, log);
            return new GunService(hw, gun, log);
        } catch (IOException | RuntimeException e) {
            if (gun != null) {
                gun.close();
            } else {
                hw.close();
            }
            throw e;
        }
    }


    /**
     * The valve's timer thread runs one step above the loop: the pulse it ends is the dose, and it
     * spins at most a few hundred µs per pulse. Not pinned to the loop's CPU, whose tick it would
     * delay by that spin.
     */
    static void raiseValveTimer(org.mesogun.board.PwmDoseValve valve, int loopPriority,
            java.util.function.Consumer<String> said) {
        int priority = Math.min(99, loopPriority + 1);
        valve.onTimerThread(() -> said.accept(RealtimeThreads.applyToCurrentThread(priority, -1)));
    }

    /** One status line, read off the loop without stopping it. */
    public String status() {
        return gun.status();
    }

    public Controller controller() {
        return gun.controller();
    }

    public Gun gun() {
        return gun;
    }

    public Pi4jGunHardware hardware() {
        return hw;
    }

    long watchdogFeeds() {
        return gun.watchdogFeeds();
    }

    /** For tests: the next tick stalls this long, as a stuck loop would. */
    void stallOnce(long millis) {
        gun.stallOnce(millis);
    }

    /** The clean stop of {@link Gun#close()}, which says so on the log. */
    @Override
    public synchronized void close() {
        gun.close();
    }
}
