package org.mesogun.telemetry.broker;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Properties;

/**
 * The zero-setup broker of {@code simulate} (requirements §10): Moquette in process, on a free loopback
 * port, in memory only (no H2 store in the working directory), no websocket listener, no
 * phone-home telemetry, anonymous access (loopback only). Not for the board: there the configured
 * broker is used.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private final Server server = new Server();
    private final int port;

    private EmbeddedBroker(int port) {
        this.port = port;
    }

    public static EmbeddedBroker start() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        return start(port);
    }

    /** On this loopback port (bench: the same broker back after an outage). */
    public static EmbeddedBroker start(int port) throws IOException {
        quiet("io.moquette");
        quiet("io.netty");
        EmbeddedBroker b = new EmbeddedBroker(port);
        Properties p = new Properties();
        p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, "127.0.0.1");
        p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(port));
        p.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.ENABLE_TELEMETRY_NAME, "false");
        p.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        // mosquitto_sub (MQTT 3.1.1, clean session) sends an empty client id by default and lets
        // the broker name it, as the standard allows; Moquette refuses that unless told to.
        p.setProperty(BrokerConstants.ALLOW_ZERO_BYTE_CLIENT_ID_PROPERTY_NAME, "true");
        b.server.startServer(new MemoryConfig(p));
        return b;
    }

    /** Moquette narrates every start and stop at INFO; only its warnings matter to a clinician's console. */
    private static void quiet(String logger) {
        String key = "org.slf4j.simpleLogger.log." + logger;
        if (System.getProperty(key) == null) {
            System.setProperty(key, "warn");
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** What to type to watch it. */
    public String subscribeHint() {
        return "mosquitto_sub -h 127.0.0.1 -p " + port + " -t 'mesogun/#' -v";
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
