package org.mesogun.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.mesogun.config.Protocol;
import org.mesogun.controller.EventSink;
import org.mesogun.telemetry.broker.EmbeddedBroker;
import org.mesogun.telemetry.mqtt.BrokerSettings;
import org.mesogun.telemetry.mqtt.LoopFigures;

/**
 * The telemetry figures of requirements §11, measured through the whole path the gun uses: {@link RingSink}
 * → writer thread → journal (CRC, fsync per batch) → publisher (Paho, QoS 1) → broker. No
 * pass/fail: it prints numbers.
 *
 * <ul>
 * <li>Throughput: {@code records} injection records emitted on the sink as fast as the ring takes
 * them (the producer stays half a ring ahead of the journal, so nothing is dropped); records/s =
 * records / (first emit → the broker acknowledged the last one).</li>
 * <li>Latency: one record every 100 ms (10 records/s); each from its emit on the sink to its
 * arrival at a QoS-1 subscriber on the same broker (same machine, one clock).</li>
 * </ul>
 */
public final class TelemetryBench {

    public record Result(String broker, long records, double recordsPerS, int latencySamples,
            double p50Ms, double p99Ms, double maxMs) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The two figures alone (bench prints them with the others):
     * {@code java -cp target/mesogun.jar org.mesogun.telemetry.TelemetryBench [URI|embedded] [records] [latencyRecords]}
     */
    public static void main(String[] args) throws Exception {
        String uri = args.length > 0 && !args[0].equals("embedded") ? args[0] : null;
        int records = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int lat = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        Result r = run(uri, org.mesogun.config.ConfigLoader.load(Path.of("config")).protocols(), records, lat);
        System.out.printf(java.util.Locale.ROOT, "broker %s%nthroughput: %,d records in %.2f s = %,.0f records/s"
                + " (ring sink -> journal, CRC + fsync per batch -> QoS 1 -> last PUBACK)%n"
                + "latency at 10 records/s: p50 %.2f ms, p99 %.2f ms, max %.2f ms over %d records"
                + " (ring sink emit -> QoS-1 subscriber)%n", r.broker(), r.records(), r.records() / r.recordsPerS(),
                r.recordsPerS(), r.p50Ms(), r.p99Ms(), r.maxMs(), r.latencySamples());
        System.exit(0);
    }

    /** @param brokerUri a broker to use, or null to start the embedded Moquette */
    public static Result run(String brokerUri, List<Protocol> protocols, int records, int latencyRecords)
            throws Exception {
        EmbeddedBroker embedded = brokerUri == null ? EmbeddedBroker.start() : null;
        String uri = brokerUri == null ? embedded.uri() : brokerUri;
        String broker = (brokerUri == null ? "embedded Moquette " : "") + uri;
        Path dir = Files.createTempDirectory("mesogun-bench-telemetry");
        try {
            double perS = throughput(uri, dir.resolve("t"), protocols, records);
            double[] lat = latency(uri, dir.resolve("l"), protocols, latencyRecords);
            return new Result(broker, records, perS, lat.length, pct(lat, 50), pct(lat, 99),
                    lat.length == 0 ? Double.NaN : lat[lat.length - 1]);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
            org.mesogun.config.AtomicFiles.deleteTree(dir);
        }
    }

    private static Telemetry start(String uri, Path dir, List<Protocol> protocols, String device) throws Exception {
        Telemetry t = Telemetry.start(new Telemetry.Options(device, dir, 256L << 20,
                BrokerSettings.anonymous(uri, device), protocols, "bench", "bench", "bench",
                () -> LoopFigures.NONE, line -> System.err.println("  " + line), 10_000));
        long end = System.nanoTime() + 10_000_000_000L;
        while (!t.publisher().connected()) {
            if (System.nanoTime() > end) {
                t.close();
                throw new IOException("telemetry did not connect to " + uri + ": " + t.publisher().lastError());
            }
            Thread.sleep(10);
        }
        return t;
    }

    private static double throughput(String uri, Path dir, List<Protocol> protocols, int records) throws Exception {
        try (Telemetry t = start(uri, dir, protocols, "bench-tput-" + ProcessHandle.current().pid())) {
            EventSink sink = t.sink();
            int half = Telemetry.RING_SLOTS / 2;
            long t0 = System.nanoTime();
            for (int i = 1; i <= records; i++) {
                while (i - t.view().recordsJournaled() > half) {
                    Thread.onSpinWait();
                }
                sink.point(0, 1, i, 2.0, 20.0, 20.0 + (i % 7) * 0.01, 4000, 1, i % 20);
            }
            long target = records;
            while (t.journal().ackedSeq() < target) {
                Thread.sleep(1);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (t.ringDrops() > 0) {
                throw new IllegalStateException("the bench dropped " + t.ringDrops() + " records in the ring");
            }
            return records / s;
        }
    }

    private static double[] latency(String uri, Path dir, List<Protocol> protocols, int n) throws Exception {
        String device = "bench-lat-" + ProcessHandle.current().pid();
        java.util.concurrent.atomic.AtomicLongArray emitted = new java.util.concurrent.atomic.AtomicLongArray(n + 1);
        double[] lat = new double[n];
        AtomicInteger got = new AtomicInteger();
        MqttClient sub = new MqttClient(uri, "bench-sub-" + ProcessHandle.current().pid(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        sub.connect(o);
        try {
            sub.subscribe(Topic.ROOT + device + "/injection", 1, (topic, m) -> {
                long now = System.nanoTime();
                int p = JSON.readTree(m.getPayload()).path("point").asInt(-1);
                if (p >= 1 && p <= n && emitted.get(p) != 0) {
                    int k = got.getAndIncrement();
                    if (k < n) {
                        lat[k] = (now - emitted.get(p)) / 1e6;
                    }
                }
            });
            try (Telemetry t = start(uri, dir, protocols, device)) {
                EventSink sink = t.sink();
                long next = System.nanoTime();
                for (int i = 1; i <= n; i++) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    emitted.set(i, System.nanoTime());
                    sink.point(0, 1, i, 2.0, 20.0, 20.0, 4000, 1, i % 20);
                    next += 100_000_000L;
                }
                long end = System.nanoTime() + 10_000_000_000L;
                while (got.get() < n && System.nanoTime() < end) {
                    Thread.sleep(5);
                }
            }
        } finally {
            sub.disconnect();
            sub.close();
        }
        double[] r = Arrays.copyOf(lat, Math.min(n, got.get()));
        Arrays.sort(r);
        return r;
    }

    private static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private TelemetryBench() {
    }
}
