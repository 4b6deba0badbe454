package org.mesogun.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.mesogun.telemetry.Topic;
import org.mesogun.telemetry.monitor.MonitorView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** What a clinic engineer runs to watch the guns: subscribes, never publishes. */
@Command(name = "monitor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Watch the guns on a broker: devices online/offline and state, the current session "
                + "(points, dose, needle) and alarms, live; records replayed after a reconnect are shown once "
                + "(de-duplicated by seq).", ""})
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

    @Option(names = "--for", paramLabel = "SECONDS", description = "Stop after this long (default: until Ctrl-C).")
    Integer seconds;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        MonitorView view = new MonitorView(json, line -> {
            out.println(line);
            out.flush();
        });
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
        try {
            c.connect(o);
            c.subscribe(Topic.ROOT + device + "/#", 1, (topic, m) -> view.accept(topic, m.getPayload()));
        } catch (MqttException e) {
            System.err.println("monitor: cannot subscribe at " + broker + ": " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""));
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
