package org.mesogun.telemetry.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What {@code monitor} shows: per device online/offline (from the retained {@code status}), state,
 * the current session (points, dose, needle) and the last alarm, updated by each message. Records
 * seen before (same device, same {@code streamId} and {@code seq}: a replay after a reconnect) are
 * dropped, as every dashboard must; a new {@code streamId} (the gun's journal lost) starts its own
 * sequence.
 */
public final class MonitorView {

    /** Seqs remembered per stream for de-duplication; older ones are far behind any replay window. */
    private static final int SEEN_WINDOW = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    static final class Device {
        boolean online;
        String state = "?";
        long bdSeq;
        String session = "-";
        int points;
        double doseUl;
        int needle;
        String alarm = "none";
        /** Per streamId, the seqs seen. */
        final Map<String, TreeSet<Long>> seen = new LinkedHashMap<>();
    }

    private final Map<String, Device> devices = new LinkedHashMap<>();
    private final boolean json;
    private final Consumer<String> out;
    private long duplicates;

    public MonitorView(boolean json, Consumer<String> out) {
        this.json = json;
        this.out = out;
    }

    /** One message as it arrives; prints what changed. */
    public synchronized void accept(String topic, byte[] payload) {
        String[] parts = topic.split("/");
        if (parts.length != 4) {
            return;
        }
        String id = parts[2];
        String kind = parts[3];
        JsonNode n;
        try {
            n = JSON.readTree(payload);
        } catch (IOException e) {
            out.accept("? unreadable message on " + topic);
            return;
        }
        Device d = devices.computeIfAbsent(id, k -> new Device());
        if (n.has("seq")) {
            long seq = n.get("seq").asLong();
            TreeSet<Long> stream = d.seen.computeIfAbsent(n.path("streamId").asText(""), k -> new TreeSet<>());
            if (!stream.add(seq)) {
                duplicates++;
                return;
            }
            if (stream.size() > SEEN_WINDOW) {
                stream.pollFirst();
            }
        }
        apply(d, kind, n);
        if (json) {
            out.accept(n.toString());
        } else {
            out.accept(line(id, d, kind, n));
        }
    }

    private static void apply(Device d, String kind, JsonNode n) {
        switch (kind) {
            case "status" -> {
                d.online = n.path("online").asBoolean();
                d.bdSeq = n.path("bdSeq").asLong();
                if (n.has("state")) {
                    d.state = n.get("state").asText();
                }
            }
            case "session" -> {
                String ev = n.path("event").asText();
                d.session = n.path("sessionRef").asText() + ("started".equals(ev) ? "" : " " + ev);
                if ("started".equals(ev)) {
                    d.points = 0;
                    d.doseUl = 0;
                }
            }
            case "injection" -> {
                if ("delivered".equals(n.path("result").asText())) {
                    d.points++;
                    d.doseUl += n.path("doseDeliveredUl").asDouble();
                    d.needle = n.path("needle").asInt();
                }
            }
            case "needle" -> d.needle = n.path("needle").asInt();
            case "alarm" -> d.alarm = "raised".equals(n.path("event").asText())
                    ? n.path("code").asInt() + " " + n.path("name").asText() : "none";
            case "metrics" -> d.state = n.path("state").asText(d.state);
            default -> {
            }
        }
    }

    private static String line(String id, Device d, String kind, JsonNode n) {
        return String.format(Locale.ROOT, "%-20s %-7s %-8s session %-14s points %4d  dose %8.1f uL  needle #%-3d"
                        + "  alarm %-22s <- %s%s", id, d.online ? "online" : "OFFLINE", d.state, d.session,
                d.points, d.doseUl, d.needle, d.alarm, kind,
                n.has("seq") ? " #" + n.get("seq").asLong() + (n.path("late").asBoolean() ? " late" : "") : "");
    }

    public synchronized long duplicates() {
        return duplicates;
    }

    public synchronized int points(String deviceId) {
        Device d = devices.get(deviceId);
        return d == null ? 0 : d.points;
    }

    public synchronized boolean online(String deviceId) {
        Device d = devices.get(deviceId);
        return d != null && d.online;
    }
}
