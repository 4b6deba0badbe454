package org.mesogun.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mesogun.harness.RunResult;
import org.mesogun.harness.SimFixtures;
import org.mesogun.harness.SimFixtures.CompletedPoint;

/** requirements §7 against a real Mosquitto, judged by the harness's own list of completed points. */
class SessionTelemetryTest {

    @TempDir
    Path dir;

    @Test
    void aSessionsRecordsArriveCompleteAndInSeqOrder() throws Exception {
        List<String> log = new ArrayList<>();
        String device = "t-session-" + ProcessHandle.current().pid();
        try (Mosquitto broker = Mosquitto.shared(dir);
             Collector dashboard = new Collector(broker.uri(), device);
             Telemetry t = Telemetry.start(TelemetryRig.options(device, dir.resolve("j"), broker.uri(), log))) {
            RunResult run = TelemetryRig.simulate(40, 3, t.sink());
            List<CompletedPoint> truth = SimFixtures.completedPoints(run);
            assertTrue(truth.size() >= 40, "the simulated session completed its points");
            assertTrue(t.awaitAcknowledged(20_000), "the broker acknowledged the outbox: " + log);
            assertTrue(dashboard.await(m -> m.stream().filter(x -> x.topic().endsWith("/session")
                    && x.raw().contains("\"ended\"")).count() >= 1, 20_000), "the session's end arrived");

            List<Collector.Msg> all = dashboard.all();
            assertEquals("status", all.get(0).kind(), "the birth comes first");
            assertTrue(all.get(0).json().get("online").asBoolean());

            List<Collector.Msg> records = dashboard.journaled();
            Checks.seqGaplessFrom(records, 1);
            Checks.pointsMatch(truth, records);
            assertEquals(0, t.ringDrops());
            Checks.allValid(all);
        }
    }
}
