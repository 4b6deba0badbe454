package org.mesogun.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mesogun.harness.RunResult;
import org.mesogun.harness.SimFixtures;
import org.mesogun.telemetry.broker.EmbeddedBroker;
import org.mesogun.telemetry.monitor.MonitorView;

/** simulate's zero-setup default: the in-process broker carries the session, and monitor de-duplicates. */
class EmbeddedBrokerTest {

    @TempDir
    Path dir;

    @Test
    void theEmbeddedBrokerCarriesASessionAndMonitorCountsEachPointOnce() throws Exception {
        List<String> log = new ArrayList<>();
        String device = "t-embedded";
        try (EmbeddedBroker broker = EmbeddedBroker.start();
             Collector dashboard = new Collector(broker.uri(), device);
             Telemetry t = Telemetry.start(TelemetryRig.options(device, dir.resolve("j"), broker.uri(), log))) {
            assertTrue(broker.subscribeHint().contains("-p " + broker.port()));
            RunResult run = TelemetryRig.simulate(12, 11, t.sink());
            assertTrue(t.awaitAcknowledged(20_000), "acknowledged: " + log);
            assertTrue(dashboard.await(m -> m.stream().anyMatch(x -> x.raw().contains("\"ended\"")), 10_000));
            Checks.seqGaplessFrom(dashboard.journaled(), 1);
            Checks.pointsMatch(SimFixtures.completedPoints(run), dashboard.journaled());

            // Every message twice, as a replay after a reconnect would deliver it: shown once.
            List<String> shown = new ArrayList<>();
            MonitorView view = new MonitorView(false, shown::add);
            for (Collector.Msg m : dashboard.all()) {
                view.accept(m.topic(), m.raw().getBytes(StandardCharsets.UTF_8));
                view.accept(m.topic(), m.raw().getBytes(StandardCharsets.UTF_8));
            }
            assertEquals(SimFixtures.completedPoints(run).size(), view.points(device));
            assertTrue(view.online(device));
            assertEquals(dashboard.journaled().size(), view.duplicates());
        }
    }
}
