package org.mesogun.telemetry.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.SocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.mesogun.config.MqttConfig;
import org.mesogun.config.TlsConfig;

/**
 * How to reach the broker: URI, client id, credentials and TLS, resolved once from
 * {@code mqtt} (passwords come from the files the config names, never from the YAML).
 *
 * @param socketFactory null for tcp://
 */
public record BrokerSettings(String uri, String clientId, String username, char[] password,
        SocketFactory socketFactory) {

    public static BrokerSettings anonymous(String uri, String clientId) {
        return new BrokerSettings(uri, clientId, "", null, null);
    }

    /** @param uri the broker actually used (the config's, or the embedded one's) */
    public static BrokerSettings from(MqttConfig c, String uri, Path configDir) throws IOException {
        char[] password = c.passwordFile().isEmpty() ? null : secret(configDir, c.passwordFile());
        SocketFactory sf = uri.startsWith("ssl://") ? tls(c.tls(), configDir) : null;
        return new BrokerSettings(uri, c.clientId(), c.username(), password, sf);
    }

    public String describeCredentials() {
        return username.isEmpty() ? "anonymous" : "user '" + username + "'";
    }

    static char[] secret(Path base, String file) throws IOException {
        Path p = base.resolve(file);
        return Files.readString(p, StandardCharsets.UTF_8).strip().toCharArray();
    }

    /**
     * A trust store (any type Java reads) and an optional PKCS#12 client certificate, for TLS 1.3
     * or 1.2, whichever the broker speaks (older versions are off in the JDK). Files resolve
     * against {@code base}.
     */
    public static SocketFactory tls(TlsConfig t, Path base) throws IOException {
        try {
            KeyStore trusted = null;   // none named: the JDK's own CAs
            if (!t.trustStore().isEmpty()) {
                char[] pw = t.trustStorePasswordFile().isEmpty() ? null : secret(base, t.trustStorePasswordFile());
                trusted = KeyStore.getInstance(base.resolve(t.trustStore()).toFile(), pw);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            javax.net.ssl.TrustManager[] tms = tmf.getTrustManagers();
            for (int i = 0; i < tms.length; i++) {
                if (tms[i] instanceof javax.net.ssl.X509ExtendedTrustManager x) {
                    tms[i] = new ValidityFirstTrustManager(x);
                }
            }
            KeyManagerFactory kmf = null;
            if (!t.clientCert().isEmpty()) {
                char[] pw = t.clientCertPasswordFile().isEmpty() ? new char[0]
                        : secret(base, t.clientCertPasswordFile());
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(base.resolve(t.clientCert()))) {
                    ks.load(in, pw);
                }
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, pw);
            }
            // "TLS", not "TLSv1.2": a 1.2 context offers nothing newer, and a 1.3-only broker refused it.
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tms, null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("mqtt.tls: " + e.getMessage(), e);
        }
    }
}
