package org.mesogun.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * {@code mqtt}: telemetry (requirements §7). {@code broker} is {@code embedded} (the simulator's own),
 * {@code none}, or a {@code tcp://} or {@code ssl://} URI.
 */
public record MqttConfig(
        boolean enabled,
        String broker,
        String clientId,
        String username,
        String passwordFile,
        TlsConfig tls,
        String journalDir,
        int journalMaxMb) {

    public static final String EMBEDDED = "embedded";
    public static final String NONE = "none";

    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern NON_EMPTY = Pattern.compile(".+");

    /**
     * The journal's directory: {@code journal_dir} as given when absolute, else inside the data
     * directory, so that one data directory is one gun's whole state whatever the working directory.
     */
    public java.nio.file.Path journalPath(java.nio.file.Path dataDir) {
        return dataDir.resolve(journalDir);
    }

    /**
     * requirements §8: the files this section names that the broker {@code uri} needs (the password file
     * for any external broker; the trust store, client certificate and their password files for
     * {@code ssl://}), each missing or unreadable one as a problem with its path, resolved as the
     * gun resolves it (against the profile's directory). None for {@code embedded}, {@code none}
     * or null.
     */
    public java.util.List<String> fileProblems(java.nio.file.Path configDir, String uri) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (uri == null || EMBEDDED.equals(uri) || NONE.equals(uri)) {
            return out;
        }
        need(out, configDir, "mqtt.password_file", passwordFile);
        if (uri.startsWith("ssl://")) {
            need(out, configDir, "mqtt.tls.trust_store", tls.trustStore());
            need(out, configDir, "mqtt.tls.trust_store_password_file", tls.trustStorePasswordFile());
            need(out, configDir, "mqtt.tls.client_cert", tls.clientCert());
            need(out, configDir, "mqtt.tls.client_cert_password_file", tls.clientCertPasswordFile());
        }
        return out;
    }

    private static void need(java.util.List<String> out, java.nio.file.Path base, String key, String file) {
        String problem = fileProblem(key, base, file);
        if (problem != null) {
            out.add(problem);
        }
    }

    /**
     * The file {@code file} (relative to {@code base}; empty: not used) that {@code name} names,
     * when it is missing or unreadable: a sentence with its absolute path; else null.
     */
    public static String fileProblem(String name, java.nio.file.Path base, String file) {
        if (file.isEmpty()) {
            return null;
        }
        java.nio.file.Path p = base.toAbsolutePath().normalize().resolve(file).normalize();
        if (!java.nio.file.Files.exists(p)) {
            return name + ": " + p + " does not exist";
        }
        return java.nio.file.Files.isRegularFile(p) && java.nio.file.Files.isReadable(p) ? null
                : name + ": " + p + " is not a readable file";
    }

    public boolean embedded() {
        return EMBEDDED.equals(broker);
    }

    static MqttConfig read(YamlSection s) {
        boolean enabled = s.bool("enabled");
        String broker = s.text("broker");
        if (s.problems().clean(s.pathOf("broker")) && !s.isDead()) {
            String problem = brokerProblem(broker);
            if (problem != null) {
                s.problems().add(s.pathOf("broker"), problem);
            } else if (enabled && NONE.equals(broker)) {
                s.problems().add(s.pathOf("broker"), "is none but mqtt.enabled is true");
            }
        }
        MqttConfig c = new MqttConfig(enabled, broker,
                s.text("client_id", CLIENT_ID, "1-64 characters of A-Z a-z 0-9 _ -"),
                s.text("username"),
                s.text("password_file"),
                TlsConfig.read(s.section("tls")),
                s.text("journal_dir", NON_EMPTY, "a directory"),
                s.integer("journal_max_mb", 1, 4096, Limit.RANGE));
        s.finish();
        return c;
    }

    /** Null when {@code broker} (e.g. a command-line {@code --broker}) is usable, else why not. */
    public static String brokerProblemOf(String broker) {
        return brokerProblem(broker);
    }

    /** Null when the broker is usable, else why not. */
    static String brokerProblem(String broker) {
        if (EMBEDDED.equals(broker) || NONE.equals(broker)) {
            return null;
        }
        String expected = "\"" + broker + "\" is not embedded, none, tcp://host[:port] or ssl://host[:port]";
        try {
            URI uri = new URI(broker);
            boolean schemeOk = "tcp".equals(uri.getScheme()) || "ssl".equals(uri.getScheme());
            boolean rest = uri.getHost() != null && uri.getUserInfo() == null
                    && (uri.getPath() == null || uri.getPath().isEmpty())
                    && uri.getQuery() == null && uri.getFragment() == null
                    && (uri.getPort() == -1 || uri.getPort() <= 65535);
            return schemeOk && rest ? null : expected;
        } catch (URISyntaxException e) {
            return expected;
        }
    }
}
