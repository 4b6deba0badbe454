package org.mesogun.telemetry.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.mesogun.telemetry.DeviceView;
import org.mesogun.telemetry.Topic;
import org.mesogun.telemetry.journal.Journal;
import org.mesogun.telemetry.journal.JournalReader;
import org.mesogun.telemetry.journal.JournalRecord;

/**
 * The publisher thread (requirements §7): connects with our own back-off, publishes the retained birth
 * ({@code status}, online, {@code bdSeq}) with the matching Last Will, then the journal from the
 * first unacknowledged {@code seq}, in order — what was already durable at connect time marked
 * {@code late: true} — and acknowledges the journal as PUBACKs come back. Paho gets a
 * {@link MemoryPersistence}: the outbox is ours, Paho's in-flight window is only a window.
 * It subscribes to nothing: nothing received over MQTT can act on the gun (SR-12).
 */
public final class Publisher implements Runnable {

    /** Records in flight at once (QoS 1): enough to fill a local link, small enough to replay. */
    static final int WINDOW = 256;
    static final long METRICS_NANOS = 10_000_000_000L;
    private static final long CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Who we are in the birth: the fields of {@code status} that do not change while running. */
    public record Identity(String deviceId, long bootId, String firmware, String configId, String calibrationId) {
    }

    private final BrokerSettings broker;
    private final Identity id;
    private final Journal journal;
    private final JournalReader reader;
    private final DeviceView view;
    private volatile Supplier<LoopFigures> loop;
    private final BdSeq bdSeq;
    private final Consumer<String> log;
    private final AckTracker tracker = new AckTracker();
    private final Backoff backoff = new Backoff();
    private final String statusTopic;

    private MqttAsyncClient client;
    private long replayUpTo;
    private long lastMetrics = System.nanoTime();
    private final org.mesogun.telemetry.ClockSync clock = new org.mesogun.telemetry.ClockSync();
    // The coarse state last told in a retained status, and when (see statusIfChanged).
    private String toldCoarse;
    private long toldAt = System.nanoTime();
    static final long STATUS_MIN_NANOS = 1_000_000_000L;
    private volatile boolean connected;
    private volatile boolean stopping;
    private volatile String lastError;
    private volatile long connects;
    private volatile long currentBdSeq;
    private volatile Throwable failure;
    private volatile String calibrationId;
    private volatile boolean rebirthDue;

    /** The persisted {@code bdSeq} counter: rises on every connect attempt. */
    public interface BdSeq {
        long next() throws IOException;
    }

    public Publisher(BrokerSettings broker, Identity id, Journal journal, DeviceView view,
            Supplier<LoopFigures> loop, BdSeq bdSeq, Consumer<String> log) {
        this.broker = broker;
        this.id = id;
        this.journal = journal;
        this.reader = new JournalReader(journal);
        this.view = view;
        this.loop = loop;
        this.bdSeq = bdSeq;
        this.log = log;
        this.statusTopic = Topic.STATUS.of(id.deviceId());
        this.calibrationId = id.calibrationId();
    }

    /**
     * The active calibration changed (a technician's SAVE): the retained birth is published again
     * with the new id, so a dashboard never shows the calibration a gun no longer runs on.
     */
    public void rebirth(String newCalibrationId) {
        calibrationId = newCalibrationId;
        rebirthDue = true;
    }

    private void rebirthIfDue() {
        if (!rebirthDue || !connected) {
            return;
        }
        rebirthDue = false;
        try {
            client.publish(statusTopic, status(true, currentBdSeq, null), 1, true);
        } catch (MqttException e) {
            rebirthDue = true;   // tried again on the next pass, or by the next connect's birth
            lost(e);
        }
    }

    /**
     * requirements §7: the retained status follows the gun's coarse state (idle, session, fault, service),
     * republished on a change at most once a second, so a dashboard that reads only the retained
     * status does not show a faulted gun as idle. A change within the second waits for the next.
     */
    private void statusIfChanged() {
        String now = coarse(view.state());
        if (!connected || now.equals(toldCoarse) || System.nanoTime() - toldAt < STATUS_MIN_NANOS) {
            return;
        }
        try {
            client.publish(statusTopic, status(true, currentBdSeq, null), 1, true);
        } catch (MqttException e) {
            lost(e);
        }
    }

    /** The state a dashboard's fleet view shows: a shot's phases are all "session". */
    static String coarse(org.mesogun.controller.State s) {
        return switch (s) {
            case FAULT -> "fault";
            case SERVICE -> "service";
            case ARMED, INSERT, SETTLE, DOSE, DWELL, RETRACT -> "session";
            default -> "idle";
        };
    }

    /** The loop whose figures {@code metrics} carries, once the gun that runs it is assembled. */
    public void loop(Supplier<LoopFigures> figures) {
        this.loop = figures;
    }

    /** The calibration id the birth carries now. */
    public String calibrationId() {
        return calibrationId;
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                if (!connected) {
                    if (!connect()) {
                        sleep(backoff.nextDelayMillis());
                        continue;
                    }
                }
                rebirthIfDue();
                statusIfChanged();
                boolean busy = pump();
                journal.ack(tracker.ackedUpTo());
                metricsIfDue();
                if (!busy) {
                    journal.awaitDurableAfter(lastQueued, 20);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
            log.accept("mqtt: the publisher stopped: " + t);
        } finally {
            closeClient(true);
        }
    }

    private long lastQueued;

    /** Publishes what is durable, as far as the window allows; false when there was nothing to do. */
    private boolean pump() throws IOException {
        int n = 0;
        while (connected && tracker.inFlight() < WINDOW) {
            JournalRecord r = reader.next();
            if (r == null) {
                break;
            }
            publish(r);
            n++;
        }
        return n > 0 || tracker.inFlight() >= WINDOW;
    }

    private void publish(JournalRecord r) {
        byte[] body = withLate(r.json(), r.seq() <= replayUpTo);
        MqttMessage m = new MqttMessage(body);
        m.setQos(r.topic().qos());
        m.setRetained(false);
        tracker.sent(r.seq());
        lastQueued = r.seq();
        final long seq = r.seq();
        try {
            client.publish(r.topic().of(id.deviceId()), m, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    tracker.acknowledged(seq);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    // The connection went; the record stays in the journal and is replayed.
                }
            });
        } catch (MqttException e) {
            lost(e);
        }
    }

    /** {@code late} is the publisher's to say: the journal holds the payload without it. */
    static byte[] withLate(byte[] json, boolean late) {
        byte[] tail = (late ? ",\"late\":true}" : ",\"late\":false}").getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(json, json.length - 1 + tail.length);
        System.arraycopy(tail, 0, out, json.length - 1, tail.length);
        return out;
    }

    private boolean connect() throws InterruptedException {
        closeClient(false);
        long bd;
        try {
            bd = bdSeq.next();
            MqttAsyncClient c = new MqttAsyncClient(broker.uri(), broker.clientId(), new MemoryPersistence());
            c.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    lost(cause);
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    // We subscribe to nothing (SR-12); a broker pushing anything is ignored.
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            o.setAutomaticReconnect(false);
            o.setKeepAliveInterval(10);
            o.setConnectionTimeout(5);
            o.setMaxInflight(WINDOW + 8);
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            if (!broker.username().isEmpty()) {
                o.setUserName(broker.username());
            }
            if (broker.password() != null) {
                o.setPassword(broker.password());
            }
            if (broker.socketFactory() != null) {
                o.setSocketFactory(broker.socketFactory());
            }
            o.setWill(statusTopic, status(false, bd, "lost"), 1, true);
            client = c;
            c.connect(o).waitForCompletion(CONNECT_TIMEOUT_MILLIS);
            currentBdSeq = bd;
            rebirthDue = false;   // the birth below carries the latest id
            // Birth first, before any backlog (requirements §7).
            c.publish(statusTopic, status(true, bd, null), 1, true).waitForCompletion(CONNECT_TIMEOUT_MILLIS);
        } catch (MqttException | IOException e) {
            report(explain(e));
            closeClient(false);
            return false;
        }
        connected = true;
        connects++;
        long acked = journal.ackedSeq();
        replayUpTo = journal.durableSeq();
        tracker.reset(acked);
        try {
            reader.seek(acked + 1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        backoff.reset();
        if (lastError != null) {
            log.accept("mqtt: connected to " + broker.uri() + " (bdSeq " + bd + "), replaying "
                    + (replayUpTo - acked) + " records");
        }
        lastError = null;
        return true;
    }

    private void lost(Throwable cause) {
        if (connected) {
            connected = false;
            report("mqtt: connection to " + broker.uri() + " lost (" + cause + "); telemetry is kept in the"
                    + " outbox and replayed on reconnect");
        }
    }

    private void report(String error) {
        if (!error.equals(lastError)) {
            log.accept(error);
        }
        lastError = error;
    }

    /** A clear sentence for the causes a clinic engineer can fix. */
    String explain(Exception e) {
        String what;
        String tls = TlsTrouble.sentence(e, broker.uri().startsWith("ssl://"));
        if (tls != null) {
            what = tls;
        } else if (e instanceof MqttException m) {
            what = switch (m.getReasonCode()) {
                case MqttException.REASON_CODE_FAILED_AUTHENTICATION ->
                        "bad user name or password (" + broker.describeCredentials() + "; check mqtt.username and "
                                + "mqtt.password_file)";
                case MqttException.REASON_CODE_NOT_AUTHORIZED ->
                        "not authorised (" + broker.describeCredentials() + "; check mqtt.username, "
                                + "mqtt.password_file and the broker's ACL)";
                case MqttException.REASON_CODE_SERVER_CONNECT_ERROR ->
                        "cannot reach the broker" + (m.getCause() != null ? " (" + m.getCause().getMessage() + ")" : "");
                case MqttException.REASON_CODE_CLIENT_TIMEOUT -> "the broker did not answer in time";
                default -> m.getMessage() + (m.getCause() != null ? " (" + m.getCause() + ")" : "");
            };
        } else {
            what = e.getMessage();
        }
        return "mqtt: " + broker.uri() + " refused or failed the connection: " + what + ". The gun keeps working;"
                + " telemetry stays in the outbox (" + journal.backlog() + " records) and is retried.";
    }

    private byte[] status(boolean online, long bd, String reason) {
        ObjectNode n = JSON.createObjectNode();
        n.put("schema", Topic.STATUS.schema());
        n.put("deviceId", id.deviceId());
        n.put("bootId", id.bootId());
        n.put("ts", System.currentTimeMillis());
        n.put("tsSynced", clock.synced());
        n.put("online", online);
        n.put("bdSeq", bd);
        if (online) {
            String coarse = coarse(view.state());
            toldCoarse = coarse;
            toldAt = System.nanoTime();
            n.put("state", view.state().name());
            n.put("coarseState", coarse);
            n.put("firmware", id.firmware());
            n.put("configId", id.configId());
            n.put("calibrationId", calibrationId);
        } else {
            n.put("reason", reason);
        }
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void metricsIfDue() {
        long now = System.nanoTime();
        if (now - lastMetrics < METRICS_NANOS || !connected) {
            return;
        }
        lastMetrics = now;
        LoopFigures f = loop.get();
        ObjectNode n = JSON.createObjectNode();
        n.put("schema", Topic.METRICS.schema());
        n.put("deviceId", id.deviceId());
        n.put("bootId", id.bootId());
        n.put("ts", System.currentTimeMillis());
        n.put("tsSynced", clock.synced());
        n.put("state", view.state().name());
        n.put("loopLatencyP50Us", f.latencyP50Us());
        n.put("loopLatencyP99Us", f.latencyP99Us());
        n.put("loopLatencyMaxUs", f.latencyMaxUs());
        n.put("overruns", f.overruns());
        n.put("outboxBacklog", journal.backlog());
        n.put("outboxBytes", journal.bytes());
        n.put("ringDrops", view.ringDrops());
        try {
            MqttMessage m = new MqttMessage(JSON.writeValueAsBytes(n));
            m.setQos(0);
            client.publish(Topic.METRICS.of(id.deviceId()), m);
        } catch (MqttException | IOException e) {
            // QoS 0, unjournaled by design: a lost sample is replaced by the next one.
        }
    }

    /** Stops: waits up to {@code drainMillis} for the outbox to be acknowledged, then says offline. */
    public void stop(long drainMillis) {
        long end = System.nanoTime() + drainMillis * 1_000_000L;
        while (connected && journal.ackedSeq() < journal.durableSeq() && System.nanoTime() < end) {
            sleepQuietly(10);
        }
        stopping = true;
    }

    private void closeClient(boolean sayGoodbye) {
        MqttAsyncClient c = client;
        client = null;
        if (c == null) {
            return;
        }
        try {
            if (sayGoodbye && c.isConnected()) {
                // A clean stop says offline itself; the Will is for the unclean ones.
                c.publish(statusTopic, status(false, currentBdSeq, "shutdown"), 1, true)
                        .waitForCompletion(2_000);
                c.disconnect(1_000).waitForCompletion(2_000);
            } else if (c.isConnected()) {
                c.disconnectForcibly(100, 100);
            }
        } catch (MqttException e) {
            // Going away either way.
        }
        try {
            c.close(true);
        } catch (MqttException e) {
            // Nothing left to release.
        }
        connected = false;
    }

    /** The back-off wait, cut short by a stop. */
    private void sleep(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (!stopping && System.nanoTime() < end) {
            Thread.sleep(Math.min(50, Math.max(1, (end - System.nanoTime()) / 1_000_000L)));
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean connected() {
        return connected;
    }

    public String lastError() {
        return lastError;
    }

    public long connects() {
        return connects;
    }

    public long bdSeq() {
        return currentBdSeq;
    }

    public Throwable failure() {
        return failure;
    }
}
