package org.mesogun.config;

/**
 * {@code mqtt.tls}: files for an {@code ssl://} broker. Passwords live in files named here, never
 * in the YAML itself. An empty string means "not used".
 */
public record TlsConfig(String trustStore, String trustStorePasswordFile, String clientCert,
        String clientCertPasswordFile) {

    static TlsConfig read(YamlSection s) {
        TlsConfig t = new TlsConfig(s.text("trust_store"), s.text("trust_store_password_file"),
                s.text("client_cert"), s.text("client_cert_password_file"));
        if (t.trustStore.isEmpty() && !t.trustStorePasswordFile.isEmpty()) {
            s.problems().add(s.pathOf("trust_store_password_file"), "is set but trust_store is not");
        }
        if (t.clientCert.isEmpty() && !t.clientCertPasswordFile.isEmpty()) {
            s.problems().add(s.pathOf("client_cert_password_file"), "is set but client_cert is not");
        }
        s.finish();
        return t;
    }
}
