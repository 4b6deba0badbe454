package org.mesogun.telemetry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.mesogun.config.DeviceConfig;
import org.mesogun.config.MqttConfig;
import org.mesogun.controller.EventSink;
import org.mesogun.telemetry.broker.EmbeddedBroker;
import org.mesogun.telemetry.mqtt.BrokerSettings;
import org.mesogun.telemetry.mqtt.LoopFigures;

/**
 * Telemetry as a command starts it: the broker chosen by {@code --broker} (a URI, {@code none}) or
 * else by {@code mqtt.broker} ({@code embedded} starts Moquette on a free loopback port), and the
 * journal in the directory given (the profile's {@code mqtt.journal_dir}, see {@link MqttConfig#journalPath}). With MQTT disabled or {@code none}, the journal is a
 * rotating session log.
 */
public final class TelemetryLaunch implements AutoCloseable {

    private final EmbeddedBroker embedded;
    private final Telemetry telemetry;
    private final String brokerUri;

    private TelemetryLaunch(EmbeddedBroker embedded, Telemetry telemetry, String brokerUri) {
        this.embedded = embedded;
        this.telemetry = telemetry;
        this.brokerUri = brokerUri;
    }

    /**
     * @param brokerOption {@code --broker}, or null for the config's choice
     * @param journalDir   where to journal ({@link MqttConfig#journalPath}, or a bench's scratch directory)
     */
    public static TelemetryLaunch start(DeviceConfig cfg, Path configDir, String brokerOption, String firmware,
            Consumer<String> log, Path journalDir) throws IOException {
        return start(cfg, configDir, brokerOption, firmware, log, journalDir, "factory", () -> LoopFigures.NONE);
    }

    /**
     * @param calibrationId the active calibration's id for the birth
     * @param loop          the loop's figures for {@code metrics} (read on the publisher thread)
     */
    public static TelemetryLaunch start(DeviceConfig cfg, Path configDir, String brokerOption, String firmware,
            Consumer<String> log, Path journalDir, String calibrationId,
            java.util.function.Supplier<LoopFigures> loop) throws IOException {
        MqttConfig m = cfg.mqtt();
        String choice = brokerOption != null ? brokerOption : m.enabled() ? m.broker() : MqttConfig.NONE;
        EmbeddedBroker embedded = null;
        String uri = null;
        if (MqttConfig.EMBEDDED.equals(choice)) {
            embedded = EmbeddedBroker.start();
            uri = embedded.uri();
        } else if (!MqttConfig.NONE.equals(choice)) {
            uri = choice;
        }
        java.util.List<String> missing = m.fileProblems(configDir, embedded != null ? MqttConfig.EMBEDDED : uri);
        if (!missing.isEmpty()) {
            throw new org.mesogun.config.ConfigException(missing);   // the sentence check-config gives
        }
        BrokerSettings broker = uri == null ? null
                : embedded != null ? BrokerSettings.anonymous(uri, m.clientId()) : BrokerSettings.from(m, uri, configDir);
        String configId = cfg.sourceSha256() == null ? "unknown"
                : cfg.sourceSha256().substring(0, Math.min(12, cfg.sourceSha256().length()));
        Telemetry.Options o = new Telemetry.Options(cfg.device().id(),
                journalDir,
                (long) m.journalMaxMb() << 20, broker, cfg.protocols(), firmware, configId, calibrationId,
                loop, log, 5_000);
        try {
            return new TelemetryLaunch(embedded, Telemetry.start(o), uri);
        } catch (IOException | RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    public EventSink sink() {
        return telemetry.sink();
    }

    public Telemetry telemetry() {
        return telemetry;
    }

    /** Null when MQTT is off. */
    public String brokerUri() {
        return brokerUri;
    }

    /** How to watch the records, or null when MQTT is off. */
    public String subscribeHint() {
        if (brokerUri == null) {
            return null;
        }
        java.net.URI u = java.net.URI.create(brokerUri);
        return "mosquitto_sub -h " + u.getHost() + " -p " + (u.getPort() < 0 ? 1883 : u.getPort())
                + " -t 'mesogun/#' -v   or   java -jar target/mesogun.jar monitor --broker " + brokerUri;
    }

    @Override
    public void close() throws IOException {
        try {
            telemetry.close();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
