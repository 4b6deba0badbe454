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

    /** A trust store (any type Java reads) and an optional PKCS#12 client certificate. */
    static SocketFactory tls(TlsConfig t, Path base) throws IOException {
        try {
            TrustManagerFactory tmf = null;
            if (!t.trustStore().isEmpty()) {
                char[] pw = t.trustStorePasswordFile().isEmpty() ? null : secret(base, t.trustStorePasswordFile());
                KeyStore ks = KeyStore.getInstance(base.resolve(t.trustStore()).toFile(), pw);
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
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
            SSLContext ctx = SSLContext.getInstance("TLSv1.2");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("mqtt.tls: " + e.getMessage(), e);
        }
    }
}
