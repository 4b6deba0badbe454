package org.mesogun.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.ToDoubleFunction;
import org.mesogun.app.Gun;
import org.mesogun.app.GunParts;
import org.mesogun.config.CalibrationLoad;
import org.mesogun.config.DeviceConfig;
import org.mesogun.console.AuditListener;
import org.mesogun.controller.State;
import org.mesogun.simulator.SimSpec;
import org.mesogun.simulator.SimTruth;

/**
 * {@code simulate --serial}: the controller on the simulated gun in real time, with the technician
 * console on one end of a socat pseudo-terminal pair, the other end for {@code screen <path> 115200}.
 * No simulated clinician: the gun is on the bench (syringe in, needle fitted, off the skin), no
 * session, so the technician owns it. Calibration, accounts and the audit log live in the data
 * directory, so a SAVEd calibration is there at the next start. {@link #close()} stops the loop
 * (outputs safe), the console, and socat.
 */
public final class SerialSession implements AutoCloseable {

    private final SimulatedBoard board;
    private final Gun assembled;
    private boolean closed;

    private SerialSession(DeviceConfig config, Path configDir, Path dataDir, SimulatedBoard board, Path ptyDir,
            AuditListener audited, boolean telemetry, String broker, java.util.function.Consumer<String> log)
            throws IOException {
        Files.createDirectories(dataDir);
        this.board = board;
        GunParts parts = board.parts(config).dataDir(dataDir).configDir(configDir).consoleOnPty(ptyDir)
                .audited(audited).log(log);
        if (telemetry) {
            parts.telemetry(broker, config.mqtt().journalPath(dataDir));
        }
        this.assembled = parts.build();
        if (assembled.consoleEnd() == null) {
            assembled.close();
            throw new IllegalStateException("console: " + assembled.consoleProblem());
        }
        assembled.start();
    }

    /**
     * Starts it without telemetry: the simulated board with nobody at the trigger, its true hardware
     * the simulator's defaults for this seed (see {@link SimulatedBoard}); the pty links are
     * {@code ptyDir/gun} and {@code ptyDir/technician}.
     */
    public static SerialSession start(DeviceConfig config, Path dataDir, long seed, Path ptyDir,
            AuditListener audited) throws IOException {
        return new SerialSession(config, Path.of("config"), dataDir, SimulatedBoard.create(config, null, seed), ptyDir,
                audited, false, null, s -> { });
    }

    /**
     * @param broker telemetry as {@code --broker} takes it ({@code null}: the profile's choice), journaled
     *               in the data directory
     */
    public static SerialSession start(DeviceConfig config, Path configDir, Path dataDir, long seed, Path ptyDir,
            AuditListener audited, String broker, java.util.function.Consumer<String> log) throws IOException {
        return new SerialSession(config, configDir, dataDir, SimulatedBoard.create(config, null, seed), ptyDir,
                audited, true, broker, log);
    }

    /** The assembled gun (its telemetry, console, loop). */
    public Gun gun() {
        return assembled;
    }

    /** Where a technician's terminal connects. */
    public Path technicianEnd() {
        return assembled.consoleEnd();
    }

    public long socatPid() {
        return assembled.ptyPid();
    }

    /** Whether the calibration in the data directory was loaded and is usable. */
    public CalibrationLoad calibrationAtStart() {
        return assembled.calibrationAtStart();
    }

    public State state() {
        return assembled.live().state();
    }

    public boolean loopRunning() {
        return assembled.loopRunning();
    }

    /**
     * A bench measurement on the simulated gun's true state (the ruler at the tip, the scale under
     * the cup), taken between two ticks.
     */
    public double measure(ToDoubleFunction<SimTruth> what) {
        return board.world().measure(what);
    }

    public SimSpec spec() {
        return board.spec();
    }

    /** One status line for the operator's window. */
    public String status() {
        return assembled.status();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        assembled.close();   // the loop's last act leaves the outputs safe; then console, socat, telemetry
    }
}
