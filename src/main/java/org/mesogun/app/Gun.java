package org.mesogun.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.function.Consumer;
import org.mesogun.config.AccountStore;
import org.mesogun.config.Calibration;
import org.mesogun.config.CalibrationLoad;
import org.mesogun.config.CalibrationStore;
import org.mesogun.config.DeviceConfig;
import org.mesogun.console.AuditListener;
import org.mesogun.console.AuditLog;
import org.mesogun.console.ConsoleEngine;
import org.mesogun.console.PtyPair;
import org.mesogun.console.SerialConsole;
import org.mesogun.controller.Controller;
import org.mesogun.controller.ControllerSettings;
import org.mesogun.controller.EventSink;
import org.mesogun.controller.LiveController;
import org.mesogun.controller.ServiceMailbox;
import org.mesogun.controller.SettingsFactory;
import org.mesogun.controller.safety.NeedleCounters;
import org.mesogun.hal.GunHardware;
import org.mesogun.loop.LoopConfig;
import org.mesogun.loop.LoopRunner;
import org.mesogun.loop.LoopStats;
import org.mesogun.loop.LoopWork;
import org.mesogun.loop.StepInvoker;
import org.mesogun.storage.MappedNeedleCounters;
import org.mesogun.telemetry.TeeSink;
import org.mesogun.telemetry.TelemetryLaunch;
import org.mesogun.telemetry.mqtt.LoopFigures;

/**
 * The composition root: the one place that assembles a gun. Hardware and world (Pi4J, Pi4J's mock
 * platform, or the simulated gun), the controller behind its {@link LiveController}, the loop and
 * its watchdogs (real time on a thread, or virtual time stepped by the caller), the data directory
 * (calibration, accounts, needle counters, audit log), the technician console, telemetry (journal,
 * publisher, metrics), and the clean stop. {@code run}, {@code simulate} and {@code bench} differ
 * only in what they give the {@link GunParts builder}; no other class builds a controller for
 * production use (LayeringTest).
 *
 * <p>A controller that replaces the running one after a console {@code SAVE} is built here too, on
 * the same hardware, event sink, needle counters and mailbox; the birth is republished with the
 * new calibration's id.
 */
public final class Gun implements AutoCloseable {

    private static final long STOP_WAIT_NANOS = 2_000_000_000L;
    private static final long FEED_INTERVAL_NANOS = 100_000_000L;

    private final GunParts parts;
    private final DeviceConfig cfg;
    private final Consumer<String> log;
    private final CalibrationLoad load;
    private final ControllerSettings settings;
    private final NeedleCounters counters;
    private final ServiceMailbox mailbox = new ServiceMailbox();
    private final EventSink sink;
    private final LiveController live;
    private final TelemetryLaunch telemetry;
    private final boolean ownsTelemetry;
    private final LoopWork work;
    private final AuditLog audit;
    private PtyPair pty;
    private SerialConsole console;
    private String consoleProblem;
    private LoopRunner runner;
    private WatchdogFeeder feeder;
    private volatile long stallMillis;
    private boolean closed;

    Gun(GunParts p) throws IOException {
        this.parts = p;
        this.cfg = p.cfg;
        this.log = p.log;
        CalibrationStore store = p.dataDir == null ? null : new CalibrationStore(p.dataDir, cfg);
        if (p.calibration != null) {
            // A calibration handed in (the simulator's, a test's) is held to the same checks as a file.
            java.util.List<String> why = org.mesogun.config.CalibrationCheck.armingProblems(p.calibration, cfg);
            load = why.isEmpty() ? new CalibrationLoad(CalibrationLoad.Status.VALID, p.calibration, null)
                    : new CalibrationLoad(CalibrationLoad.Status.UNVERIFIED, p.calibration, String.join("; ", why));
        } else if (store != null) {
            load = store.load();
        } else {
            throw new IllegalArgumentException("a gun needs a data directory or a calibration");
        }
        this.settings = p.adjust.apply(SettingsFactory.from(cfg, load.calibration(), load.armable(),
                load.armable() ? null : load.reason()));
        if (p.dataDir != null) {
            Files.createDirectories(p.dataDir);
        }
        this.counters = p.dataDir == null ? NeedleCounters.inMemory(!p.afterUncleanStop)
                : MappedNeedleCounters.openOrLockOut(p.dataDir.resolve("needle.bin"));
        if (p.brokerOption != null) {
            this.telemetry = TelemetryLaunch.start(cfg, p.configDir, p.brokerOption, p.firmware, log,
                    p.journalDir, calibrationId(load.calibration()), this::loopFigures);
            this.ownsTelemetry = true;
        } else {
            this.telemetry = p.telemetry;
            this.ownsTelemetry = false;
            if (telemetry != null) {
                // Started by the command before the gun (simulate): the birth and metrics tell this
                // gun's calibration and loop, not the launch's defaults.
                telemetry.telemetry().calibrationChanged(calibrationId(load.calibration()));
                telemetry.telemetry().loop(this::loopFigures);
            }
        }
        this.sink = telemetry == null ? p.events : new TeeSink(p.events, telemetry.sink());
        if (telemetry != null) {
            mailbox.telemetryTrouble(telemetry.telemetry()::trouble);   // the panel's "!" (docs/clinician-guide.md)
        }
        this.audit = p.dataDir == null ? null : new AuditLog(p.dataDir, this::audited);
        if (audit != null && counters.problem() != null) {
            // SR-4: counts of unknown truth lock the fitted needle out; that is said and audited.
            audit.append(new org.mesogun.console.AuditRecord(java.time.Instant.now(), 0, "-", "needle counters",
                    counters.problem(), "needle #" + counters.needleSerial() + " locked out until changed"));
        }
        Controller first = p.checkOff == null ? new Controller(p.hardware, settings, counters, sink, mailbox, false)
                : Controller.withoutCheckForTests(p.hardware, settings, counters, sink, mailbox, p.checkOff);
        this.live = new LiveController(first, mailbox);
        this.work = new LoopWork() {
            @Override
            public void tick(long nowNanos) {
                long stall = stallMillis;
                if (stall > 0) {   // a test's stand-in for a stuck loop
                    stallMillis = 0;
                    sleep(stall);
                }
                long t = parts.world.before(nowNanos);
                if (t >= 0) {
                    live.tick(t);
                    parts.world.after(t, live.current());
                }
            }

            @Override
            public void makeSafe() {
                live.makeSafe();
            }
        };
        if (store != null && (p.consolePort != null || p.consolePtyDir != null)) {
            try {
                openConsole(store);
            } catch (IOException | RuntimeException e) {
                if (ownsTelemetry) {
                    telemetry.close();
                }
                throw e;
            }
        }
    }

    /** Starts assembling a gun on this hardware. */
    public static GunParts on(DeviceConfig cfg, GunHardware hardware) {
        return new GunParts(cfg, hardware);
    }

    private void openConsole(CalibrationStore store) throws IOException {
        AccountStore accounts = AccountStore.open(parts.dataDir);
        String port = parts.consolePort;
        if (port == null) {
            Files.createDirectories(parts.consolePtyDir);
            pty = new PtyPair(parts.consolePtyDir.resolve("gun"), parts.consolePtyDir.resolve("technician"));
            port = pty.gunEnd().toString();
        }
        ConsoleEngine.Successor successor = new ConsoleEngine.Successor() {
            @Override
            public Controller build(Calibration c) {
                return successor(c);
            }

            @Override
            public void saved(Calibration c) {
                if (telemetry != null) {
                    telemetry.telemetry().calibrationChanged(calibrationId(c));
                }
            }
        };
        try {
            console = new SerialConsole(port, cfg.serial(), out -> {
                ConsoleEngine e = new ConsoleEngine(cfg, store, load.calibration(), load.armable(), load.reason(),
                        accounts, audit, live, successor, Clock.systemUTC(), System::nanoTime, out);
                e.telemetry(this::telemetryState);
                return e;
            });
        } catch (IllegalStateException e) {
            // The gun works without its console; the technician is told why at start-up.
            consoleProblem = e.getMessage();
            if (pty != null) {
                pty.close();
                pty = null;
            }
        }
    }

    /** Every audited change: told to whoever asked, and journaled for the {@code calibration} topic. */
    private void audited(org.mesogun.console.AuditRecord r) {
        parts.audited.changed(r);
        if (telemetry != null) {
            String why = telemetry.telemetry().audit(r);
            if (why != null) {
                log.accept("telemetry: audit record not journaled: " + why);
            }
        }
    }

    /** A controller on a newly saved calibration: same hardware, sink, counters and mailbox. */
    private Controller successor(Calibration c) {
        // SAVE checked it; its depth values arm only once checked with the gauge (SR-1).
        ControllerSettings s = parts.adjust.apply(SettingsFactory.fromSaved(cfg, c));
        return new Controller(parts.hardware, s, counters, sink, mailbox, true);
    }

    static String calibrationId(Calibration c) {
        return c.version() == 0 ? "factory" : "v" + c.version();
    }

    /**
     * Real time: the loop thread at the configured period with its software watchdog (SR-7), the
     * hardware watchdog fed while it is healthy, and the real-time priority asked for.
     */
    public Gun start() throws IOException {
        LoopConfig loop = LoopConfig.defaults().withPeriodNanos(settings.periodNanos())
                .withWatchdogLimitNanos(settings.watchdogNanos());
        if (parts.rtPriority > 0) {
            loop = loop.withRealtime(parts.rtPriority, parts.cpu);   // docs/realtime.md
        }
        if (parts.watchdogDevice != null) {
            feeder = new WatchdogFeeder(parts.watchdogDevice, FEED_INTERVAL_NANOS,
                    Math.max(3 * settings.periodNanos(), settings.watchdogNanos()), org.mesogun.hal.NanoClock.SYSTEM);
        }
        parts.beforeLoop.run();
        runner = feeder == null ? new LoopRunner(work, loop) : new LoopRunner(work, loop, feeder::healthy);
        runner.start();
        for (int i = 0; i < 100 && runner.realtimeResult().contains("not started"); i++) {
            sleep(2);   // the loop thread reports how the OS took its priority
        }
        return this;
    }

    /**
     * Virtual time: ticks at the configured period, without a thread, until the world is done. The
     * same work as the real-time loop's, through the same exception boundary (SR-7).
     */
    public void runVirtual() {
        long period = settings.periodNanos();
        StepInvoker invoker = new StepInvoker(work);
        long t = 0;
        invoker.start(t);
        while (!parts.world.done()) {
            t += period;
            if (!invoker.tick(t)) {
                throw new IllegalStateException("the loop failed", invoker.failure().orElse(null));
            }
        }
        invoker.stop();
    }

    private LoopFigures loopFigures() {
        LoopRunner r = runner;
        if (r == null) {
            return LoopFigures.NONE;
        }
        LoopStats s = r.snapshot();
        return s.samples() == 0 ? new LoopFigures(null, null, null, s.overruns())
                : new LoopFigures(s.p50Micros(), s.p99Micros(), s.maxMicros(), s.overruns());
    }

    // ---- what the parts are, for the commands that print them ----

    public LiveController live() {
        return live;
    }

    /** The controller the loop ticks now (a SAVE replaces it). */
    public Controller controller() {
        return live.current();
    }

    public ControllerSettings settings() {
        return settings;
    }

    public CalibrationLoad calibrationAtStart() {
        return load;
    }

    public NeedleCounters counters() {
        return counters;
    }

    /** Null when the gun runs without telemetry. */
    public TelemetryLaunch telemetry() {
        return telemetry;
    }

    /** Where a technician connects: the serial port, or the pty's far end; null without a console. */
    public Path consoleEnd() {
        return console == null ? null : pty != null ? pty.technicianEnd() : Path.of(parts.consolePort);
    }

    /** Why the console asked for could not be opened, or null. */
    public String consoleProblem() {
        return consoleProblem;
    }

    /** The socat process of a pty console, or -1. */
    public long ptyPid() {
        return pty == null ? -1 : pty.pid();
    }

    /** Null before {@link #start()} or in virtual time. */
    public LoopRunner runner() {
        return runner;
    }

    public boolean loopRunning() {
        return runner != null && runner.isRunning();
    }

    long watchdogFeeds() {
        return feeder == null ? 0 : feeder.feeds();
    }

    String watchdogDevice() {
        return feeder == null ? null : feeder.device().toString();
    }

    /** For tests: the next tick stalls this long, as a stuck loop would. */
    void stallOnce(long millis) {
        stallMillis = millis;
    }

    /** One status line, read off the loop's published snapshot without stopping it. */
    /**
     * Telemetry as the console's {@code ?} and the status line say it: {@code connected},
     * {@code offline} or {@code journal} (no broker) and the backlog; when offline, the last error
     * after a newline. {@code off} without telemetry.
     */
    public String telemetryState() {
        var t = telemetry == null ? null : telemetry.telemetry();
        if (t == null) {
            return "off";
        }
        if (t.publisher() == null) {
            return "journal";
        }
        boolean up = t.publisher().connected();
        String error = t.publisher().lastError();
        return (up ? "connected" : "offline") + ",backlog=" + t.journal().backlog()
                + (!up && error != null ? "\n" + error : "");
    }

    public String status() {
        var f = live.fault();
        String state = telemetryState();
        String tel = "off".equals(state) ? "" : "  mqtt " + state.replace('\n', ' ');
        return String.format(Locale.ROOT, "%-8s %s needle %d/%d  reservoir %.2f mL%s%s", live.state(),
                live.inSession() ? "in session" : live.homed() ? "homed" : "not homed", live.punctures(),
                live.punctureLimit(), live.reservoirUl() / 1000, f == null ? "" : "  ALARM " + f.code() + " " + f.name(),
                tel);
    }

    /**
     * The clean stop (SIGTERM, SR-11): the shot in progress ends and the session ends with its
     * reason, the needle goes back to park, then the loop stops, the outputs go safe (valve first),
     * the console closes, the needle counters are marked clean, the hardware watchdog is disarmed,
     * telemetry drains and says offline, and the hardware is released.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (runner != null && !parts.world.done()) {   // a finished world ticks the controller no more
            live.current().machine().requestShutdown();
            long deadline = System.nanoTime() + STOP_WAIT_NANOS;
            while (System.nanoTime() < deadline && runner.isRunning()
                    && !(live.current().machine().restingAfterShutdown() && !parts.hardware.axis().isMoving())) {
                sleep(5);
            }
        }
        if (runner != null) {
            runner.stop();
            LoopStats st = runner.snapshot();
            log.accept(String.format(Locale.ROOT, "loop: %d ticks, %d overruns, wake-up latency p50 %.1f, p99 %.1f, "
                    + "p99.9 %.1f, max %.1f us", st.ticks(), st.overruns(), st.p50Micros(), st.p99Micros(),
                    st.p999Micros(), st.maxMicros()));
        }
        if (console != null) {
            console.close();
        }
        if (pty != null) {
            pty.close();
        }
        live.current().shutdown(counters);
        boolean watchdog = feeder != null;
        if (feeder != null) {
            feeder.close();
        }
        if (ownsTelemetry) {
            try {
                telemetry.close();
            } catch (IOException e) {
                log.accept("telemetry: " + e.getMessage());
            }
        }
        parts.closeHardware.run();
        if (runner != null) {
            log.accept("stopped cleanly: valve off, stepper disabled, needle counters marked clean"
                    + (watchdog ? ", hardware watchdog disarmed" : "") + (ownsTelemetry ? ", telemetry offline" : ""));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
