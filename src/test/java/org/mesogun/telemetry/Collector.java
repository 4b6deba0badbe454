package org.mesogun.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A dashboard stand-in: subscribes to one device's topics and keeps every message with its arrival time. */
final class Collector implements AutoCloseable {

    record Msg(String topic, JsonNode json, String raw, long arrivedNanos) {
        String kind() {
            return topic.substring(topic.lastIndexOf('/') + 1);
        }

        long seq() {
            return json.path("seq").asLong(-1);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Msg> msgs = new ArrayList<>();
    private final MqttClient client;

    Collector(String uri, String deviceId) throws MqttException {
        this(uri, deviceId, null, null, false);
    }

    Collector(String uri, String deviceId, String user, String password) throws MqttException {
        this(uri, deviceId, user, password, false);
    }

    /**
     * @param durable a persistent session that reconnects by itself, as a dashboard on a broker
     *                with persistence keeps one: the broker queues for it while it is away
     */
    Collector(String uri, String deviceId, String user, String password, boolean durable) throws MqttException {
        client = new MqttClient(uri, "collector-" + deviceId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(!durable);
        o.setAutomaticReconnect(durable);
        o.setMaxInflight(1000);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.toCharArray());
        }
        // A broker just started (Moquette under a loaded CI machine) may drop the first connection,
        // even between CONNECT and SUBSCRIBE: a dashboard tries again, so does this one.
        for (int attempt = 1; ; attempt++) {
            try {
                if (!client.isConnected()) {
                    client.connect(o);
                }
                client.subscribe(Topic.ROOT + deviceId + "/#", 1, (topic, m) -> {
                    long now = System.nanoTime();
                    String raw = new String(m.getPayload(), java.nio.charset.StandardCharsets.UTF_8);
                    JsonNode n;
                    try {
                        n = JSON.readTree(raw);
                    } catch (IOException e) {
                        n = JSON.createObjectNode().put("unparseable", raw);
                    }
                    synchronized (msgs) {
                        msgs.add(new Msg(topic, n, raw, now));
                        msgs.notifyAll();
                    }
                });
                break;
            } catch (MqttException e) {
                if (attempt >= 5) {
                    throw e;
                }
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    List<Msg> all() {
        synchronized (msgs) {
            return new ArrayList<>(msgs);
        }
    }

    /** Journaled messages de-duplicated by seq, as a dashboard keeps them, in seq order. */
    List<Msg> journaled() {
        java.util.TreeMap<Long, Msg> bySeq = new java.util.TreeMap<>();
        for (Msg m : all()) {
            if (m.seq() >= 0) {
                bySeq.putIfAbsent(m.seq(), m);
            }
        }
        return new ArrayList<>(bySeq.values());
    }

    /** Waits until {@code done} holds for the messages so far, or the timeout (a test failure, not a figure). */
    boolean await(Predicate<List<Msg>> done, long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        synchronized (msgs) {
            while (!done.test(msgs)) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                msgs.wait(left);
            }
            return true;
        }
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
