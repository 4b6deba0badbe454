package org.mesogun.telemetry;

import java.nio.file.Path;
import java.util.List;
import org.mesogun.config.ConfigLoader;
import org.mesogun.config.DeviceConfig;
import org.mesogun.controller.EventSink;
import org.mesogun.harness.RunResult;
import org.mesogun.harness.Scenario;
import org.mesogun.harness.SimulationRun;
import org.mesogun.telemetry.mqtt.BrokerSettings;
import org.mesogun.telemetry.mqtt.LoopFigures;

/** Telemetry wired the way {@code simulate} wires it, for the tests. */
final class TelemetryRig {

    static final DeviceConfig CONFIG = ConfigLoader.load(Path.of("config"));

    private TelemetryRig() {
    }

    static Telemetry.Options options(String deviceId, Path dir, String brokerUri, List<String> log) {
        return new Telemetry.Options(deviceId, dir, 8L << 20,
                brokerUri == null ? null : BrokerSettings.anonymous(brokerUri, deviceId),
                CONFIG.protocols(), "test", "cfg", "cal", () -> LoopFigures.NONE,
                line -> {
                    synchronized (log) {
                        log.add(line);
                    }
                }, 5_000);
    }

    /** A simulated session of {@code points} on virtual time, its events into {@code sink}. */
    static RunResult simulate(int points, long seed, EventSink sink) {
        Scenario sc = Scenario.defaults().withPoints(points).withSeed(seed);
        return new SimulationRun(CONFIG, sc, null, sink, false).run();
    }
}
