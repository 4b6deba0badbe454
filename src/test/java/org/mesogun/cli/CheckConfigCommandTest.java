package org.mesogun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckConfigCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new Main()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void defaultConfigIsReportedOk() {
        assertEquals(0, run("check-config"));
        assertEquals("config OK: 7 protocols, device gun-sim-01", out.toString().strip());
    }

    @Test
    void everyProblemIsPrintedAndExitStatusIsTwo(@TempDir Path dir) throws Exception {
        String yaml = Files.readString(Path.of("config", "mesogun.yaml"))
                .replace("max_depth_mm: 4.0", "max_depth_mm: 5.0")
                .replace("lead_mm: 2.0", "lead_m: 2.0");
        Files.writeString(dir.resolve("mesogun.yaml"), yaml);
        assertEquals(2, run("check-config", "--config", dir.toString()));
        String text = err.toString();
        assertTrue(text.contains("needle.max_depth_mm: 5.0 is above the hard limit 4.0"), text);
        assertTrue(text.contains("mechanics.lead_m: unknown key"), text);
        assertTrue(text.contains("mechanics.lead_mm: missing"), text);
    }

    @Test
    void missingFileIsAProblemNotACrash(@TempDir Path dir) {
        assertEquals(2, run("check-config", "--config", dir.resolve("nope.yaml").toString()));
        assertTrue(err.toString().contains("no such file"), err.toString());
    }

    /**
     * Issue 17: a missing password file, trust store or client certificate said "config OK", and
     * the service then failed at its first connection. Each is a problem with its path; the files
     * that exist are not.
     */
    @Test
    void eachMissingFileTheBrokerNeedsIsAProblemWithItsPath(@TempDir Path dir) throws Exception {
        String[][] cases = {
            {"password_file: \"\"  ", "password_file: pw.txt", "mqtt.password_file: "},
            {"trust_store: \"\"", "trust_store: ca.p12", "mqtt.tls.trust_store: "},
            {"client_cert: \"\" ", "client_cert: gun.p12", "mqtt.tls.client_cert: "},
        };
        String base = Files.readString(Path.of("config", "mesogun.yaml"))
                .replace("broker: embedded ", "broker: ssl://broker.clinic:8883 ");
        for (String[] c : cases) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            assertTrue(base.contains(c[0]), c[0]);
            Files.writeString(dir.resolve("mesogun.yaml"), base.replace(c[0], c[1] + " "));
            assertEquals(2, run("check-config", "--config", dir.toString()), out.toString());
            String file = c[1].substring(c[1].indexOf(' ') + 1);
            assertTrue(err.toString().contains(c[2] + dir.toAbsolutePath().resolve(file) + " does not exist"), err.toString());
            Files.writeString(dir.resolve(file), "present");
            err.getBuffer().setLength(0);
            assertEquals(0, run("check-config", "--config", dir.toString()), err.toString());
            Files.delete(dir.resolve(file));
        }
    }

    @Test
    void aTcpBrokerNeedsNoTrustStoreAndAnEmbeddedOneNoPassword(@TempDir Path dir) throws Exception {
        String yaml = Files.readString(Path.of("config", "mesogun.yaml")).replace("trust_store: \"\"", "trust_store: ca.p12");
        Files.writeString(dir.resolve("mesogun.yaml"), yaml.replace("broker: embedded ", "broker: tcp://broker.clinic:1883 "));
        assertEquals(0, run("check-config", "--config", dir.toString()), err.toString());
    }

    @Test
    void anUnknownSubcommandExitsNonZeroAndSaysSo() {
        int code = run("frobnicate");
        assertTrue(code != 0, "exit " + code);
        assertTrue(err.toString().contains("Unmatched argument") && err.toString().contains("frobnicate"), err.toString());
    }

    @Test
    void versionIsTheBuildsAndTheVersionFiles() throws Exception {
        assertEquals(0, run("--version"));
        String version = Files.readString(Path.of("VERSION")).strip();
        assertEquals("mesogun " + version, out.toString().strip());
        assertEquals(version, VersionProvider.version());
        assertTrue(Files.readString(Path.of("pom.xml")).contains("<version>" + version + "</version>"),
                "VERSION holds the pom's version");
    }

    @Test
    void monitorWithoutASchemeSaysWhatItExpects() {
        java.io.ByteArrayOutputStream e = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.err;
        System.setErr(new java.io.PrintStream(e, true));
        int code;
        try {
            code = run("monitor", "--broker", "127.0.0.1:1883", "--for", "1");
        } finally {
            System.setErr(old);
        }
        assertEquals(2, code);
        assertTrue(e.toString().contains("is not tcp://host[:port] or ssl://host[:port]"), e.toString());
        assertTrue(!e.toString().contains("Exception"), "no stack trace: " + e);
    }
}
