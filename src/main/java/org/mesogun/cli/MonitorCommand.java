package org.mesogun.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.mesogun.config.MqttConfig;
import org.mesogun.config.TlsConfig;
import org.mesogun.telemetry.Topic;
import org.mesogun.telemetry.mqtt.BrokerSettings;
import org.mesogun.telemetry.monitor.MonitorView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** What a clinic engineer runs to watch the guns: subscribes, never publishes. */
@Command(name = "monitor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Watch the guns on a broker: devices online/offline and state, the current session "
                + "(points, dose, needle) and alarms, live; records replayed after a reconnect are shown once "
                + "(de-duplicated by streamId and seq).", ""})
final class MonitorCommand implements Callable<Integer> {

    @Option(names = "--broker", required = true, paramLabel = "URI", description = "tcp://host:port or ssl://host:port")
    String broker;

    @Option(names = "--json", description = "Print the records themselves, one JSON object per line.")
    boolean json;

    @Option(names = "--device", paramLabel = "ID", description = "Only this device (default: all).")
    String device = "+";

    @Option(names = "--username", paramLabel = "NAME")
    String username;

    @Option(names = "--password-file", paramLabel = "FILE")
    Path passwordFile;

    @Option(names = "--trust-store", paramLabel = "FILE", description = "For ssl://: the CA the broker's certificate chains to (any type Java reads).")
    Path trustStore;

    @Option(names = "--trust-store-password-file", paramLabel = "FILE")
    Path trustStorePasswordFile;

    @Option(names = "--client-cert", paramLabel = "FILE", description = "For ssl://: this viewer's PKCS#12 certificate, where the broker asks for one.")
    Path clientCert;

    @Option(names = "--client-cert-password-file", paramLabel = "FILE")
    Path clientCertPasswordFile;

    @Option(names = "--for", paramLabel = "SECONDS", description = "Stop after this long (default: until Ctrl-C).")
    Integer seconds;

    private static String text(Path p) {
        return p == null ? "" : p.toString();
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        MonitorView view = new MonitorView(json, line -> {
            out.println(line);
            out.flush();
        });
        String problem = org.mesogun.config.MqttConfig.brokerProblemOf(broker);
        if (problem != null || !broker.contains("://")) {
            System.err.println("monitor: --broker \"" + broker + "\" is not tcp://host[:port] or ssl://host[:port]");
            return 2;
        }
        TlsConfig tls = new TlsConfig(text(trustStore), text(trustStorePasswordFile), text(clientCert),
                text(clientCertPasswordFile));
        java.util.Map<String, Path> files = new java.util.LinkedHashMap<>();
        files.put("--password-file", passwordFile);
        if (broker.startsWith("ssl://")) {
            files.put("--trust-store", trustStore);
            files.put("--trust-store-password-file", trustStorePasswordFile);
            files.put("--client-cert", clientCert);
            files.put("--client-cert-password-file", clientCertPasswordFile);
        }
        boolean missing = false;
        for (java.util.Map.Entry<String, Path> f : files.entrySet()) {
            String why = MqttConfig.fileProblem(f.getKey(), Path.of(""), text(f.getValue()));
            if (why != null) {
                System.err.println("monitor: " + why);
                missing = true;
            }
        }
        if (missing) {
            return 2;
        }
        MqttClient c = new MqttClient(broker, "mesogun-monitor-" + ProcessHandle.current().pid(),
                new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(true);   // a viewer may use Paho's: it keeps nothing that must not be lost
        if (username != null) {
            o.setUserName(username);
        }
        if (passwordFile != null) {
            o.setPassword(Files.readString(passwordFile).strip().toCharArray());
        }
        if (broker.startsWith("ssl://")) {
            o.setSocketFactory(BrokerSettings.tls(tls, Path.of("")));
        }
        try {
            c.connect(o);
            c.subscribe(Topic.ROOT + device + "/#", 1, (topic, m) -> view.accept(topic, m.getPayload()));
        } catch (MqttException e) {
            System.err.println("monitor: cannot subscribe at " + broker + ": "
                    + org.mesogun.telemetry.mqtt.TlsTrouble.explain(e, broker.startsWith("ssl://")));
            return 2;
        }
        if (!json) {
            out.println("monitor: watching " + Topic.ROOT + device + "/# on " + broker);
        }
        try {
            if (seconds != null) {
                Thread.sleep(seconds * 1000L);
            } else {
                Thread.currentThread().join();
            }
        } finally {
            c.disconnect();
            c.close();
        }
        return 0;
    }
}
