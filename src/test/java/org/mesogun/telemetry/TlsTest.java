package org.mesogun.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mesogun.config.TlsConfig;
import org.mesogun.telemetry.mqtt.BrokerSettings;

/**
 * TLS as deployed, against a real Mosquitto and a CA made here with openssl: the gun negotiates
 * TLS 1.3 and 1.2 (it was pinned to 1.2 and failed against a 1.3-only broker), and a missing
 * client certificate or an expired server certificate each give a clear sentence while the gun
 * keeps its records in the outbox.
 */
class TlsTest {

    @TempDir
    static Path pki;

    private static final String PASS = "changeit";

    @BeforeAll
    static void makeTheCa() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "30", "-subj", "/CN=mesogun test CA");
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=127.0.0.1");
        Files.writeString(pki.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "30", "-extfile", "san.ext");
        // The same key, certified for one day in 2020: expired (or "not yet valid" to a clock in 2019).
        Files.writeString(pki.resolve("ca.cnf"), """
                [ ca ]
                default_ca = test
                [ test ]
                database = index.txt
                new_certs_dir = .
                serial = serial
                default_md = sha256
                policy = any
                unique_subject = no
                [ any ]
                commonName = supplied
                [ san ]
                subjectAltName = IP:127.0.0.1
                """);
        Files.writeString(pki.resolve("index.txt"), "");
        Files.writeString(pki.resolve("serial"), "1000\n");
        run("openssl", "ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-in", "server.csr",
                "-out", "expired.pem", "-startdate", "20200101000000Z", "-enddate", "20200102000000Z",
                "-extensions", "san", "-notext");
        run("openssl", "ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-in", "server.csr",
                "-out", "future.pem", "-startdate", "20400101000000Z", "-enddate", "20410101000000Z",
                "-extensions", "san", "-notext");
        // Signed by nobody the gun trusts: the same key, self-signed.
        run("openssl", "req", "-x509", "-key", "server.key", "-out", "stranger.pem", "-days", "30",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1");
        // A client certificate from a CA the broker does not know.
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "stranger-client.key",
                "-out", "stranger-client.pem", "-days", "30", "-subj", "/CN=gun");
        run("openssl", "pkcs12", "-export", "-in", "stranger-client.pem", "-inkey", "stranger-client.key",
                "-out", "stranger-client.p12", "-passout", "pass:" + PASS);
        run("keytool", "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "trust.p12",
                "-storetype", "PKCS12", "-storepass", PASS);
        run("openssl", "pkcs12", "-export", "-in", "server.pem", "-inkey", "server.key", "-out", "server.p12",
                "-passout", "pass:" + PASS);
        Files.writeString(pki.resolve("trust-password"), PASS + "\n");
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(pki.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ": " + out);
    }

    private static String listener(String cert, String extra) {
        return "cafile " + pki.resolve("ca.pem") + "\ncertfile " + pki.resolve(cert) + "\nkeyfile "
                + pki.resolve("server.key") + "\nallow_anonymous true\n" + extra;
    }

    private static String clientCert = "";

    private static BrokerSettings gun(String uri, String device) throws IOException {
        return new BrokerSettings(uri, device, "", null, BrokerSettings.tls(
                new TlsConfig("trust.p12", "trust-password", clientCert, clientCert.isEmpty() ? "" : "trust-password"), pki));
    }

    /** Starts telemetry against {@code uri}; true when it connected within the time, with its log. */
    private static boolean connects(Path dir, String uri, List<String> log) throws Exception {
        String device = "t-tls-" + System.nanoTime() % 100_000;
        Telemetry.Options o = TelemetryRig.options(device, dir, uri, log).withBroker(gun(uri, device));
        try (Telemetry t = Telemetry.start(o)) {
            TelemetryRig.simulate(3, 5, t.sink());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            boolean acked = false;
            while (!acked && System.nanoTime() < end && !said(log, "refused or failed the connection")) {
                acked = t.awaitAcknowledged(200);
            }
            assertTrue(t.awaitJournaled(5_000) && t.journal().durableSeq() >= 3,
                    "the records are journaled whatever the broker says");
            return acked && t.publisher().connected();
        }
    }

    private static boolean said(List<String> log, String what) {
        synchronized (log) {
            return log.stream().anyMatch(l -> l.contains(what));
        }
    }

    @Test
    void tls13OnlyBrokerIsReached() throws Exception {
        try (Mosquitto broker = Mosquitto.start(pki, listener("server.pem", "tls_version tlsv1.3\n"))) {
            List<String> log = new ArrayList<>();
            assertTrue(connects(pki.resolve("j13"), "ssl://127.0.0.1:" + broker.port(), log), String.join("\n", log));
        }
    }

    @Test
    void tls12OnlyEndpointIsReached() throws Exception {
        // Mosquitto sets a minimum version only: a 1.2-only endpoint is a Java TLS front that offers
        // nothing else, passing the bytes to a plain Mosquitto behind it.
        try (Mosquitto plain = Mosquitto.start(pki, "allow_anonymous true\n"); Tls12Front front = new Tls12Front(plain.port())) {
            List<String> log = new ArrayList<>();
            assertTrue(connects(pki.resolve("j12"), "ssl://127.0.0.1:" + front.port(), log), String.join("\n", log));
            assertEquals("TLSv1.2", front.negotiated.get(), "what was negotiated");
        }
    }

    /** The gun against a broker serving {@code cert}: refused, and the log says each of {@code said}. */
    private static void refusedSaying(String cert, String extra, String... said) throws Exception {
        try (Mosquitto broker = Mosquitto.start(pki, listener(cert, extra))) {
            List<String> log = new ArrayList<>();
            assertFalse(connects(pki.resolve("j-" + cert), "ssl://127.0.0.1:" + broker.port(), log));
            String all = String.join("\n", log);
            assertTrue(all.contains("The gun keeps working"), all);
            for (String s : said) {
                assertTrue(all.contains(s), s + " in: " + all);
            }
        }
    }

    @Test
    void aMissingClientCertificateIsSaidSo() throws Exception {
        refusedSaying("server.pem", "require_certificate true\n", "requires a client certificate", "mqtt.tls.client_cert");
    }

    @Test
    void aRefusedClientCertificateIsSaidSo() throws Exception {
        clientCert = "stranger-client.p12";
        try {
            refusedSaying("server.pem", "require_certificate true\n", "mqtt.tls.client_cert");
        } finally {
            clientCert = "";
        }
    }

    @Test
    void anExpiredServerCertificateIsSaidSoWithTheClock() throws Exception {
        refusedSaying("expired.pem", "", "certificate has expired", "clock");
    }

    @Test
    void aServerCertificateNotValidYetIsSaidSoWithTheClock() throws Exception {
        // What a board without a real-time clock sees before NTP: its clock behind the certificate.
        refusedSaying("future.pem", "", "not valid yet", "synchronised");
    }

    @Test
    void aCertificateTheTrustStoreDoesNotVouchForIsSaidSo() throws Exception {
        refusedSaying("stranger.pem", "", "not signed by a CA in the trust store (mqtt.tls.trust_store)");
    }

    @Test
    void monitorTakesTheSameTrustStoreAsTheGun() throws Exception {
        try (Mosquitto broker = Mosquitto.start(pki, listener("server.pem", "tls_version tlsv1.3\n"))) {
            String uri = "ssl://127.0.0.1:" + broker.port();
            List<String> log = new ArrayList<>();
            assertTrue(connects(pki.resolve("jmon"), uri, log), String.join("\n", log));   // leaves a retained status
            java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
            java.io.PrintStream old = System.out;
            System.setOut(new java.io.PrintStream(seen, true));
            int code;
            try {
                code = new picocli.CommandLine(new org.mesogun.cli.Main()).execute("monitor", "--broker", uri,
                        "--trust-store", pki.resolve("trust.p12").toString(), "--trust-store-password-file",
                        pki.resolve("trust-password").toString(), "--for", "2");
            } finally {
                System.setOut(old);
            }
            assertEquals(0, code, seen.toString());
            assertTrue(seen.toString().contains("watching mesogun/v1/+/#") && seen.toString().contains("t-tls-"), seen.toString());
        }
    }

    /** A TLS 1.2-only endpoint in front of a plain broker; remembers the protocol negotiated. */
    private static final class Tls12Front implements AutoCloseable {
        final AtomicReference<String> negotiated = new AtomicReference<>();
        private final SSLServerSocket server;

        Tls12Front(int backendPort) throws Exception {
            KeyStore ks = KeyStore.getInstance(pki.resolve("server.p12").toFile(), PASS.toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASS.toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 8, InetAddress.getLoopbackAddress());
            server.setEnabledProtocols(new String[] {"TLSv1.2"});
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        SSLSocket s = (SSLSocket) server.accept();
                        s.startHandshake();
                        negotiated.set(s.getSession().getProtocol());
                        Socket back = new Socket(InetAddress.getLoopbackAddress(), backendPort);
                        pump(s.getInputStream(), back.getOutputStream(), back);
                        pump(back.getInputStream(), s.getOutputStream(), s);
                    } catch (IOException e) {
                        // a client that gave up, or the front closing
                    }
                }
            }, "tls12-front");
            t.setDaemon(true);
            t.start();
        }

        private static void pump(InputStream in, OutputStream out, Socket closeAfter) {
            Thread t = new Thread(() -> {
                try (closeAfter) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // one side closed
                }
            }, "tls12-pump");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
