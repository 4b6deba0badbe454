package org.mesogun.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.mesogun.config.Calibration;
import org.mesogun.config.DeviceConfig;
import org.mesogun.console.AuditListener;
import org.mesogun.controller.ControllerSettings;
import org.mesogun.controller.EventSink;
import org.mesogun.hal.GunHardware;
import org.mesogun.telemetry.TelemetryLaunch;

/**
 * What a {@link Gun} is assembled from: the builder that {@code run}, {@code simulate}, {@code bench}
 * and the tests fill in. Everything has the board's default except the hardware: no data
 * directory means in-memory needle counters and no console (a simulated run), no broker option
 * means no telemetry of the gun's own.
 */
public final class GunParts {

    final DeviceConfig cfg;
    final GunHardware hardware;
    World world = World.BOARD;
    Runnable closeHardware = () -> { };
    Runnable beforeLoop = () -> { };
    Path configDir = Path.of("config");
    Path dataDir;
    Calibration calibration;
    UnaryOperator<ControllerSettings> adjust = UnaryOperator.identity();
    EventSink events = EventSink.NONE;
    String brokerOption;
    Path journalDir;
    TelemetryLaunch telemetry;
    String firmware = buildVersion();
    String consolePort;
    Path consolePtyDir;
    AuditListener audited = AuditListener.NONE;
    int rtPriority;
    int cpu = -1;
    Path watchdogDevice;
    Consumer<String> log = s -> { };
    org.mesogun.controller.safety.SafetyMonitor.Check checkOff;
    boolean afterUncleanStop;

    GunParts(DeviceConfig cfg, GunHardware hardware) {
        this.cfg = cfg;
        this.hardware = hardware;
    }

    /**
     * Without a data directory: the in-memory needle counters say the previous run did not stop
     * cleanly (the simulated gun after a power cut), so the fitted needle is locked out (SR-4).
     */
    public GunParts afterUncleanStop(boolean unclean) {
        this.afterUncleanStop = unclean;
        return this;
    }

    /**
     * The evidence's seam (requirements §12): the monitor with one check switched off, to show a search
     * of the accepted world finds what that check keeps out. Tests only: an ArchUnit rule keeps
     * every main class from calling it, so no command, file or message can reach it.
     */
    public GunParts withoutMonitorCheckForTests(org.mesogun.controller.safety.SafetyMonitor.Check off) {
        this.checkOff = off;
        return this;
    }

    /** What surrounds the controller (the simulated physics and clinician); default: the board. */
    public GunParts world(World w) {
        this.world = w;
        return this;
    }

    /** Releases the hardware at the very end of the clean stop. */
    public GunParts closeHardware(Runnable r) {
        this.closeHardware = r;
        return this;
    }

    /** Runs just before the loop starts (e.g. the valve timer's priority). */
    public GunParts beforeLoop(Runnable r) {
        this.beforeLoop = r;
        return this;
    }

    /** The profile's directory: relative credential and trust-store paths resolve against it. */
    public GunParts configDir(Path d) {
        this.configDir = d;
        return this;
    }

    /** Calibration, accounts, needle counters and audit log live here. */
    public GunParts dataDir(Path d) {
        this.dataDir = d;
        return this;
    }

    /** Runs on this calibration instead of the data directory's (a simulated gun's bench values). */
    public GunParts calibration(Calibration c) {
        this.calibration = c;
        return this;
    }

    /** A change to the settings the profile and calibration give (a scenario's needle limit). */
    public GunParts adjust(UnaryOperator<ControllerSettings> a) {
        this.adjust = a;
        return this;
    }

    /** Observers of the loop's events besides telemetry (printing, recording); loop thread rules apply. */
    public GunParts events(EventSink e) {
        this.events = e;
        return this;
    }

    /**
     * Telemetry of the gun's own: {@code null} for the profile's {@code mqtt.broker}, a URI, {@code
     * embedded} or {@code none} (journal only), journaled in {@code journalDir}.
     */
    public GunParts telemetry(String brokerOptionOrNullForProfile, Path journalDir) {
        this.brokerOption = brokerOptionOrNullForProfile == null ? profileBroker() : brokerOptionOrNullForProfile;
        this.journalDir = journalDir;
        return this;
    }

    /** Telemetry started by the caller (who also closes it). */
    public GunParts telemetry(TelemetryLaunch t) {
        this.telemetry = t;
        return this;
    }

    private String profileBroker() {
        return cfg.mqtt().enabled() ? cfg.mqtt().broker() : org.mesogun.config.MqttConfig.NONE;
    }

    /** The jar's version (its manifest), or "dev" when run from classes. */
    static String buildVersion() {
        String v = GunParts.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    public GunParts firmware(String f) {
        this.firmware = f;
        return this;
    }

    /** The technician console on this serial port (needs a data directory). */
    public GunParts consoleOn(String port) {
        this.consolePort = port;
        return this;
    }

    /** The technician console on a socat pseudo-terminal pair made in this directory. */
    public GunParts consoleOnPty(Path dir) {
        this.consolePtyDir = dir;
        return this;
    }

    /** Told of every audited change, after the audit log has it. */
    public GunParts audited(AuditListener l) {
        this.audited = l;
        return this;
    }

    /** SCHED_FIFO priority of the loop thread (0: normal) and the CPU to pin it to (-1: none). */
    public GunParts realtime(int priority, int cpu) {
        this.rtPriority = priority;
        this.cpu = cpu;
        return this;
    }

    /** The Linux hardware watchdog to feed while the loop is healthy, or null. */
    public GunParts watchdogDevice(Path d) {
        this.watchdogDevice = d;
        return this;
    }

    public GunParts log(Consumer<String> l) {
        this.log = l;
        return this;
    }

    /** Assembles it; nothing runs until {@link Gun#start()} or {@link Gun#runVirtual()}. */
    public Gun build() throws IOException {
        return new Gun(this);
    }
}
