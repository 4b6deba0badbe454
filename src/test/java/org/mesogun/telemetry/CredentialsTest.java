package org.mesogun.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mesogun.harness.RunResult;
import org.mesogun.harness.SimFixtures;
import org.mesogun.telemetry.mqtt.BrokerSettings;

/** A wrong password: a clear error, the gun keeps working, the outbox keeps everything. */
class CredentialsTest {

    @TempDir
    Path dir;

    @Test
    void wrongPasswordGivesAClearErrorAndTheGunWorksOffline() throws Exception {
        Path passwd = dir.resolve("passwd");
        Process p = new ProcessBuilder("mosquitto_passwd", "-b", "-c", passwd.toString(), "gun", "right-one")
                .redirectErrorStream(true).start();
        Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mosquitto_passwd failed");
        List<String> log = new ArrayList<>();
        String device = "t-creds-" + ProcessHandle.current().pid();
        Path pwFile = dir.resolve("mqtt-password");
        Files.writeString(pwFile, "wrong-one\n");
        try (Mosquitto broker = Mosquitto.start(dir, "allow_anonymous false\npassword_file " + passwd + "\n")) {
            Telemetry.Options o = TelemetryRig.options(device, dir.resolve("j"), broker.uri(), log)
                    .withBroker(new BrokerSettings(broker.uri(), device, "gun",
                            Files.readString(pwFile).strip().toCharArray(), null));
            RunResult run;
            long journaled;
            try (Telemetry t = Telemetry.start(o)) {
                run = TelemetryRig.simulate(15, 7, t.sink());
                assertTrue(t.awaitJournaled(10_000));
                journaled = t.journal().durableSeq();
                assertFalse(t.publisher().connected());
                assertTrue(t.journal().backlog() >= 15, "the outbox keeps every record");
            }
            assertTrue(run.violations().isEmpty());
            assertEquals(15, SimFixtures.completedPoints(run).size(), "the gun worked offline");
            String error = String.join("\n", log);
            assertTrue(error.contains("bad user name or password") || error.contains("not authorised"),
                    "a clear error: " + error);
            assertTrue(error.contains("user 'gun'") && error.contains("mqtt.password_file"), error);

            // The right password later: the kept records go out, in order, marked late.
            try (Collector dashboard = new CollectorAs(broker.uri(), device).open();
                 Telemetry t = Telemetry.start(o.withBroker(new BrokerSettings(broker.uri(), device, "gun",
                         "right-one".toCharArray(), null)))) {
                assertTrue(t.awaitAcknowledged(20_000), String.join("\n", log));
                assertTrue(dashboard.await(m -> m.stream().filter(x -> x.seq() > 0).count() >= journaled, 10_000));
                List<Collector.Msg> records = dashboard.journaled();
                Checks.seqGaplessFrom(records, 1);
                Checks.pointsMatch(SimFixtures.completedPoints(run), records);
                assertTrue(records.stream().allMatch(m -> m.json().get("late").asBoolean()));
            }
        }
    }

    /** The dashboard logs in with the right credentials. */
    private record CollectorAs(String uri, String device) {
        Collector open() throws Exception {
            return new Collector(uri, device, "gun", "right-one");
        }
    }
}
