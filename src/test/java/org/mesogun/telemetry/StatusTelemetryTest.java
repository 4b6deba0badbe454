package org.mesogun.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mesogun.cli.VersionProvider;

/**
 * Issue 17, item 3: the ids and figures a dashboard keys on are true. A real-time simulated session
 * on a real Mosquitto: the birth names the build's version and the calibration the gun runs on
 * (not the constant "factory"); the retained status follows the coarse state, at most once a
 * second; metrics carry the loop's measured latency.
 */
class StatusTelemetryTest {

    @TempDir
    Path dir;

    @Test
    void theRetainedStatusFollowsTheCoarseStateAndTheBirthIsTrue() throws Exception {
        String device = "t-status-" + ProcessHandle.current().pid();
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(config.resolve("mesogun.yaml"), Files.readString(Path.of("config", "mesogun.yaml"))
                .replace("id: gun-sim-01 ", "id: " + device + " "));
        try (Mosquitto broker = Mosquitto.shared(dir); Collector dash = new Collector(broker.uri(), device)) {
            int code = new picocli.CommandLine(new org.mesogun.cli.Main()).execute("simulate", "--points", "8",
                    "--config", config.toString(), "--broker", broker.uri(), "--seed", "3");
            assertEquals(0, code);
            assertTrue(dash.await(m -> statuses(m).stream().anyMatch(s -> !s.path("online").asBoolean(true)), 10_000),
                    "the clean stop's offline status");
            List<JsonNode> st = statuses(dash.all());
            JsonNode birth = st.get(0);
            assertTrue(birth.get("online").asBoolean());
            assertEquals(VersionProvider.version(), birth.get("firmware").asText(), "the build's version");
            assertEquals("v1", st.get(st.size() - 2).get("calibrationId").asText(), "the simulated gun's calibration");
            List<String> coarse = st.stream().filter(s -> s.has("coarseState")).map(s -> s.get("coarseState").asText())
                    .toList();
            // The birth says idle; the session is told when it starts (a change within a second of
            // the last status waits for the next second, and the clean stop's offline ends it).
            assertEquals("idle", coarse.get(0), coarse.toString());
            assertTrue(coarse.contains("session"), coarse.toString());
            for (int i = 1; i < st.size(); i++) {
                if (st.get(i).has("coarseState") && st.get(i - 1).has("coarseState")) {
                    assertTrue(st.get(i).get("ts").asLong() - st.get(i - 1).get("ts").asLong() >= 900
                            || st.get(i).path("bdSeq").asLong() != st.get(i - 1).path("bdSeq").asLong()
                            || !st.get(i).get("calibrationId").equals(st.get(i - 1).get("calibrationId")),
                            "at most one a second: " + st);
                }
            }
            List<JsonNode> metrics = dash.all().stream().filter(m -> m.topic().endsWith("/metrics"))
                    .map(Collector.Msg::json).toList();
            // A real-time run of 8 points lasts more than the 10 s between metrics only sometimes;
            // when one came, it carries what the loop measured.
            for (JsonNode m : metrics) {
                assertTrue(m.get("loopLatencyP99Us").isNumber(), m.toString());
            }
        }
    }

    private static List<JsonNode> statuses(List<Collector.Msg> all) {
        return all.stream().filter(m -> m.topic().endsWith("/status")).map(Collector.Msg::json).toList();
    }
}
