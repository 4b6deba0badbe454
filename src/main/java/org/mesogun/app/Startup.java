package org.mesogun.app;

import java.io.PrintStream;
import org.mesogun.config.DeviceConfig;

/**
 * What an assembled gun says at start-up, the same on every board: configuration and calibration,
 * an unclean previous stop, where the technician connects, where the telemetry goes.
 */
public final class Startup {

    private Startup() {
    }

    /** Once the loop runs: its period, how the OS took its priority, the watchdogs. */
    public static void running(Gun gun, PrintStream log) {
        log.println("running: loop " + gun.settings().periodNanos() / 1000 + " us (" + gun.runner().realtimeResult()
                + "), watchdog " + gun.settings().watchdogNanos() / 1_000_000 + " ms"
                + (gun.watchdogDevice() == null ? ", no hardware watchdog" : ", feeding " + gun.watchdogDevice()));
    }

    public static void report(Gun gun, DeviceConfig cfg, PrintStream log) {
        var cal = gun.calibrationAtStart();
        log.println("self-test: config " + cfg.configId() + ", calibration " + cal.status()
                + (cal.armable() ? " (" + Gun.calibrationId(cal.calibration()) + ")"
                        : " (" + cal.reason() + "): the gun will not arm"));
        if (gun.counters().problem() != null) {
            log.println("self-test: " + gun.counters().problem() + ": needle #" + gun.counters().needleSerial()
                    + " is locked out until changed (audited); a new data directory is made with: mesogun init");
        }
        if (!gun.counters().previousRunClean()) {
            log.println("self-test: the last run did not stop cleanly: needle #" + gun.counters().needleSerial()
                    + " is locked out until changed; an interrupted session is reported");
        }
        if (gun.consoleEnd() != null) {
            log.println("console: " + gun.consoleEnd() + " " + cfg.serial().baud() + " " + cfg.serial().framing()
                    + "   (connect with: screen " + gun.consoleEnd() + " " + cfg.serial().baud() + ")");
        } else if (gun.consoleProblem() != null) {
            log.println("console: none (" + gun.consoleProblem() + "); the gun runs, but cannot be calibrated");
        }
        var t = gun.telemetry();
        if (t != null) {
            log.println(t.brokerUri() == null ? "telemetry: MQTT off, journal only"
                    : "telemetry: " + t.brokerUri() + " as " + cfg.device().id()
                            + (t.subscribeHint() == null ? "" : "; watch it with: " + t.subscribeHint()));
        }
    }
}
