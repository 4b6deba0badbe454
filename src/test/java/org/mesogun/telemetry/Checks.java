package org.mesogun.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.mesogun.harness.SimFixtures.CompletedPoint;

/** The assertions the telemetry tests share: what a dashboard must be able to rely on. */
final class Checks {

    private Checks() {
    }

    /** De-duplicated journaled records: seq strictly increasing and gapless from {@code first}. */
    static void seqGaplessFrom(List<Collector.Msg> records, long first) {
        long expected = first;
        for (Collector.Msg m : records) {
            assertEquals(expected, m.seq(), "seq gapless and in order at " + m.raw());
            expected++;
        }
    }

    /** Every completed point arrived once, in order, with the harness's own figures. */
    static void pointsMatch(List<CompletedPoint> truth, List<Collector.Msg> records) {
        List<Collector.Msg> delivered = records.stream().filter(m -> m.kind().equals("injection")
                && m.json().path("result").asText().equals("delivered")).toList();
        assertEquals(truth.size(), delivered.size(), "one injection record per completed point");
        for (int i = 0; i < truth.size(); i++) {
            CompletedPoint p = truth.get(i);
            Collector.Msg m = delivered.get(i);
            assertEquals(p.session(), m.json().get("session").asInt(), m.raw());
            assertEquals(p.point(), m.json().get("point").asInt(), m.raw());
            assertEquals(p.needle(), m.json().get("needle").asInt(), m.raw());
            assertEquals(p.measuredUl(), m.json().get("doseDeliveredUl").asDouble(), 0.0005, m.raw());
        }
    }

    /** Every message validates against its schema in docs/schemas/. */
    static void allValid(List<Collector.Msg> msgs) {
        Schemas schemas = Schemas.load();
        for (Collector.Msg m : msgs) {
            List<String> problems = schemas.validate(m.kind(), m.raw());
            assertTrue(problems.isEmpty(), () -> m.topic() + " " + m.raw() + " -> " + problems);
        }
    }
}
