package org.mesogun.app;

import com.pi4j.context.Context;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.mesogun.board.Pi4jGunHardware;
import org.mesogun.config.CalibrationLoad;
import org.mesogun.config.CalibrationStore;
import org.mesogun.config.DeviceConfig;
import org.mesogun.controller.Controller;
import org.mesogun.controller.ControllerSettings;
import org.mesogun.controller.EventSink;
import org.mesogun.controller.SettingsFactory;
import org.mesogun.hal.NanoClock;
import org.mesogun.loop.LoopConfig;
import org.mesogun.loop.LoopRunner;
import org.mesogun.loop.RealtimeThreads;
import org.mesogun.loop.LoopWork;
import org.mesogun.storage.MappedNeedleCounters;

/**
 * The gun on the board: the Pi4J hardware, the controller, the real-time loop and its watchdogs,
 * started after a self-test and stopped so that the outputs end safe (SR-10, SR-11). The loop
 * does no I/O: status is read off it by {@link #status()} from another thread.
 */
public final class GunService implements AutoCloseable {

    /** How the service runs: where its state lives, and the hardware watchdog device (or none). */
    public record Options(Path dataDir, Path watchdogDevice, boolean mockPlatformAllowed, int realtimePriority,
                          int cpu) {

        /** Normal scheduling, no pinning: for tests and the mock platform. */
        public Options(Path dataDir, Path watchdogDevice, boolean mockPlatformAllowed) {
            this(dataDir, watchdogDevice, mockPlatformAllowed, 0, -1);
        }
    }

    private static final long FEED_INTERVAL_NANOS = 100_000_000L;
    private static final long STOP_WAIT_NANOS = 2_000_000_000L;

    private final Pi4jGunHardware hw;
    private final Controller controller;
    private final MappedNeedleCounters counters;
    private final LoopRunner runner;
    private final WatchdogFeeder feeder;
    private final PrintStream log;
    private volatile long stallMillis;
    private boolean closed;

    private GunService(Pi4jGunHardware hw, Controller controller, MappedNeedleCounters counters,
            LoopConfig loop, WatchdogFeeder feeder, PrintStream log) {
        this.hw = hw;
        this.controller = controller;
        this.counters = counters;
        this.feeder = feeder;
        this.log = log;
        LoopWork work = new LoopWork() {
            @Override
            public void tick(long nowNanos) {
                long stall = stallMillis;
                if (stall > 0) {   // a test's stand-in for a stuck loop
                    stallMillis = 0;
                    sleep(stall);
                }
                controller.tick(nowNanos);
            }

            @Override
            public void makeSafe() {
                controller.makeSafe();
            }
        };
        this.runner = feeder == null ? new LoopRunner(work, loop) : new LoopRunner(work, loop, feeder::healthy);
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
        CalibrationLoad cal = new CalibrationStore(options.dataDir(), cfg).load();
        log.printf(Locale.ROOT, "self-test: config %s, calibration %s%s%n", cfg.configId(), cal.status(),
                cal.armable() ? "" : " (" + cal.reason() + "): the gun will not arm");
        org.mesogun.board.AxisKind axis = org.mesogun.board.AxisKind.fromConfig(cfg.mechanics().axisDriver());
        Pi4jGunHardware hw = Pi4jGunHardware.create(context, BoardMapping.pins(cfg), BoardMapping.settings(cfg),
                NanoClock.SYSTEM, axis, BoardMapping.tmcWiring(cfg));
        log.println("axis: " + cfg.mechanics().axisDriver());
        try {
            if (!hw.valve().coilOk()) {
                throw new IllegalStateException("self-test: the valve coil is open or shorted");
            }
            MappedNeedleCounters counters = MappedNeedleCounters.openOrLockOut(options.dataDir().resolve("needle.bin"));
            if (!counters.previousRunClean()) {
                log.println("self-test: the last run did not stop cleanly: needle #" + counters.needleSerial()
                        + " is locked out until changed; the interrupted session is reported");
            }
            ControllerSettings settings = SettingsFactory.from(cfg, cal.calibration(), cal.armable(),
                    cal.armable() ? null : cal.reason());
            Controller controller = new Controller(hw, settings, counters, EventSink.NONE);
            WatchdogFeeder feeder = options.watchdogDevice() == null ? null
                    : new WatchdogFeeder(options.watchdogDevice(), FEED_INTERVAL_NANOS,
                            Math.max(3 * settings.periodNanos(), settings.watchdogNanos()), NanoClock.SYSTEM);
            LoopConfig loop = LoopConfig.defaults().withPeriodNanos(settings.periodNanos())
                    .withWatchdogLimitNanos(settings.watchdogNanos());
            if (options.realtimePriority() > 0) {
                loop = loop.withRealtime(options.realtimePriority(), options.cpu());   // docs/realtime.md
                raiseValveTimer(hw.valve(), options.realtimePriority(), said -> log.println("valve timer: " + said));
            }
            beforeLoop.accept(hw);
            GunService service = new GunService(hw, controller, counters, loop, feeder, log);
            service.runner.start();
            for (int i = 0; i < 100 && service.runner.realtimeResult().contains("not started"); i++) {
                sleep(2);   // the loop thread reports how the OS took its priority
            }
            log.println("running: loop " + settings.periodNanos() / 1000 + " us ("
                    + service.runner.realtimeResult() + "), watchdog "
                    + settings.watchdogNanos() / 1_000_000 + " ms"
                    + (feeder == null ? ", no hardware watchdog" : ", feeding " + feeder.device()));
            return service;
        } catch (IOException | RuntimeException e) {
            hw.close();
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
        var m = controller.machine();
        var f = controller.monitor().latched();
        return String.format(Locale.ROOT, "%-8s points %d  needle #%d %d/%d%s", m.state(), m.points(),
                controller.monitor().needle().needleSerial(), controller.monitor().needle().punctures(),
                controller.monitor().needle().punctureLimit(), f == null ? "" : "  ALARM " + f.code() + " " + f.name());
    }

    public Controller controller() {
        return controller;
    }

    public Pi4jGunHardware hardware() {
        return hw;
    }

    long watchdogFeeds() {
        return feeder == null ? 0 : feeder.feeds();
    }

    /** For tests: the next tick stalls this long, as a stuck loop would. */
    void stallOnce(long millis) {
        stallMillis = millis;
    }

    /**
     * A clean stop (SIGTERM): the shot in progress ends and the session ends with its reason, the
     * needle goes back to park, then the loop stops, the outputs go to their safe state (valve
     * first), the needle counters are marked clean and the hardware watchdog is disarmed.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        controller.machine().requestShutdown();
        long deadline = System.nanoTime() + STOP_WAIT_NANOS;
        while (System.nanoTime() < deadline && runner.isRunning()
                && !(controller.machine().restingAfterShutdown() && !hw.axis().isMoving())) {
            sleep(5);
        }
        runner.stop();
        controller.shutdown(counters);
        if (feeder != null) {
            feeder.close();
        }
        hw.close();
        log.println("stopped cleanly: valve off, stepper disabled, needle counters marked clean"
                + (feeder == null ? "" : ", hardware watchdog disarmed"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
