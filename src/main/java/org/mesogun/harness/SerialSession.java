package org.mesogun.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.ToDoubleFunction;
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
import org.mesogun.controller.State;
import org.mesogun.controller.safety.NeedleCounters;
import org.mesogun.loop.LoopConfig;
import org.mesogun.loop.LoopRunner;
import org.mesogun.loop.LoopWork;
import org.mesogun.simulator.SimSpec;
import org.mesogun.simulator.SimTruth;
import org.mesogun.simulator.SimulatedGun;
import org.mesogun.simulator.VirtualClock;

/**
 * {@code simulate --serial}: the controller on the simulated gun in real time, with the technician
 * console on one end of a socat pseudo-terminal pair, the other end for {@code screen <path> 115200}.
 * No simulated clinician: the gun is on the bench (syringe in, needle fitted, off the skin), no
 * session, so the technician owns it. Calibration, accounts and the audit log live in the data
 * directory, so a SAVEd calibration is there at the next start. {@link #close()} stops the loop
 * (outputs safe), the console, and socat.
 */
public final class SerialSession implements AutoCloseable {

    private final Object world = new Object();
    private final DeviceConfig config;
    private final VirtualClock clock = new VirtualClock(0);
    private final SimulatedGun gun;
    private final NeedleCounters counters = NeedleCounters.inMemory();
    private final ServiceMailbox mailbox = new ServiceMailbox();
    private final LiveController live;
    private final LoopRunner runner;
    private final PtyPair pty;
    private final Path ptyDir;
    private final SerialConsole console;
    private final CalibrationLoad load;
    private boolean closed;

    private SerialSession(DeviceConfig config, Path dataDir, SimSpec spec, Path ptyDir, AuditListener audited)
            throws IOException {
        this.config = config;
        this.ptyDir = ptyDir;
        Files.createDirectories(dataDir);
        Files.createDirectories(ptyDir);
        this.gun = new SimulatedGun(spec, clock);
        gun.loadSyringe(spec.syringeVolumeUl);
        CalibrationStore store = new CalibrationStore(dataDir, config);
        this.load = store.load();
        ControllerSettings first = SettingsFactory.from(config, load.calibration(), load.armable(), load.reason());
        this.live = new LiveController(new Controller(gun, first, counters, EventSink.NONE, mailbox, false), mailbox);
        AccountStore accounts = AccountStore.open(dataDir);
        AuditLog audit = new AuditLog(dataDir, audited);
        this.runner = new LoopRunner(new Tick(), LoopConfig.defaults().withPeriodNanos(first.periodNanos())
                .withWatchdogLimitNanos(first.watchdogNanos()));
        this.pty = new PtyPair(ptyDir.resolve("gun"), ptyDir.resolve("technician"));
        SerialConsole c;
        try {
            c = new SerialConsole(pty.gunEnd().toString(), config.serial(), out -> new ConsoleEngine(config, store,
                    load.calibration(), load.armable(), load.reason(), accounts, audit, live, this::successor,
                    Clock.systemUTC(), System::nanoTime, out));
        } catch (RuntimeException e) {
            pty.close();
            throw e;
        }
        this.console = c;
        runner.start();
    }

    /**
     * Starts it: the simulated gun's true hardware is the simulator's defaults for this seed (with
     * the profile's plunger sensor); the pty links are {@code ptyDir/gun} and {@code ptyDir/technician}.
     */
    public static SerialSession start(DeviceConfig config, Path dataDir, long seed, Path ptyDir,
            AuditListener audited) throws IOException {
        // Compile the hot paths first, as a real-time simulate does: an interpreted first second
        // would stall the loop past the watchdog (LOOP_STALLED).
        new SimulationRun(config, Scenario.defaults().withPoints(20).withSeed(seed), null, EventSink.NONE, false).run();
        SimSpec spec = SimSpec.builder().seed(seed)
                .plunger(config.plunger().present(), config.plunger().resolutionUm(), 2.0).build();
        return new SerialSession(config, dataDir, spec, ptyDir, audited);
    }

    private Controller successor(Calibration c) {
        return new Controller(gun, SettingsFactory.from(config, c, true, null), counters, EventSink.NONE, mailbox,
                true);
    }

    /** The loop's tick: the physics advance to the wall clock's now, then the controller ticks. */
    private final class Tick implements LoopWork {
        private long wallStart = -1;

        @Override
        public void tick(long nowNanos) {
            synchronized (world) {
                if (wallStart < 0) {
                    wallStart = nowNanos - clock.nanoTime();
                }
                long now = Math.max(clock.nanoTime() + 1, nowNanos - wallStart);
                clock.advance(now - clock.nanoTime());
                gun.advanceTo(now);
                live.tick(now);
            }
        }

        @Override
        public void makeSafe() {
            live.makeSafe();
        }
    }

    /** Where a technician's terminal connects. */
    public Path technicianEnd() {
        return pty.technicianEnd();
    }

    public long socatPid() {
        return pty.pid();
    }

    /** Whether the calibration in the data directory was loaded and is usable. */
    public CalibrationLoad calibrationAtStart() {
        return load;
    }

    public State state() {
        return live.state();
    }

    public boolean loopRunning() {
        return runner.isRunning();
    }

    /**
     * A bench measurement on the simulated gun's true state (the ruler at the tip, the scale under
     * the cup), taken between two ticks.
     */
    public double measure(ToDoubleFunction<SimTruth> what) {
        synchronized (world) {
            return what.applyAsDouble(gun.truth());
        }
    }

    public SimSpec spec() {
        return gun.spec();
    }

    /** One status line for the operator's window. */
    public String status() {
        return String.format(java.util.Locale.ROOT, "%s  homed=%s  needle %d/%d  reservoir %.2f mL%s", live.state(),
                live.homed(), live.punctures(), live.punctureLimit(), live.reservoirUl() / 1000,
                live.fault() != null ? "  ALARM " + live.fault().code() + " " + live.fault().name() : "");
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        runner.stop();   // the loop's last act leaves the outputs safe
        console.close();
        pty.close();
        try {
            Files.deleteIfExists(ptyDir.resolve("gun"));
            Files.deleteIfExists(ptyDir.resolve("technician"));
        } catch (IOException e) {
            // socat removes its links itself; this is only tidying up
        }
        gun.close();
    }
}
