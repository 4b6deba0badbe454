package org.mesogun.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mesogun.Verifies;

/** requirements §8: invalid config is refused, and every problem names its path. */
class ConfigRejectionTest {

    private static List<String> problems(ConfigFixture f) {
        return f.problems();
    }

    @Test

    @Verifies("SR-1")
    void depthAboveHardLimitIsRejectedWithItsPath() {
        assertEquals(List.of("needle.max_depth_mm: 5.0 is above the hard limit 4.0"),
                problems(ConfigFixture.defaults().set("needle.max_depth_mm", 5.0)));
    }

    @Test

    @Verifies("SR-1")
    void depthBelowHardLimitIsRejected() {
        assertEquals(List.of("protocols[0].depth_mm: 0.2 is below the hard limit 0.5"),
                problems(ConfigFixture.defaults().set("protocols[0].depth_mm", 0.2)));
    }

    @Test
    void unknownTopLevelKeyIsAnError() {
        assertEquals(List.of("extras: unknown key"), problems(ConfigFixture.defaults().set("extras", 1)));
    }

    @Test
    void unknownNestedKeyIsAnError() {
        assertEquals(List.of("mechanics.lead_m: unknown key"),
                problems(ConfigFixture.defaults().set("mechanics.lead_m", 2.0)));
        assertEquals(List.of("protocols[1].soft.rate: unknown key"),
                problems(ConfigFixture.defaults().set("protocols[1].soft.rate", 3)));
        assertEquals(List.of("mqtt.tls.ciphers: unknown key"),
                problems(ConfigFixture.defaults().set("mqtt.tls.ciphers", "x")));
    }

    @Test
    void missingKeyIsAnError() {
        assertEquals(List.of("valve.max_open_ms: missing"),
                problems(ConfigFixture.defaults().remove("valve.max_open_ms")));
    }

    @Test
    void missingSectionIsOneProblemNotOnePerKey() {
        assertEquals(List.of("serial: missing"), problems(ConfigFixture.defaults().remove("serial")));
    }

    @Test
    void wrongTypesAreErrorsWithPath() {
        assertEquals(List.of("loop.period_us: expected a whole number, got \"fast\""),
                problems(ConfigFixture.defaults().set("loop.period_us", "fast")));
        assertEquals(List.of("loop.watchdog_ms: expected a whole number, got 20.5"),
                problems(ConfigFixture.defaults().set("loop.watchdog_ms", 20.5)));
        assertEquals(List.of("mechanics.encoder: expected true or false, got \"yes\""),
                problems(ConfigFixture.defaults().set("mechanics.encoder", "yes")));
        assertEquals(List.of("valve: expected a mapping, got 40"),
                problems(ConfigFixture.defaults().set("valve", 40)));
        assertEquals(List.of("protocols[2].soft.dose_ul: expected [min, max], got \"5-20\""),
                problems(ConfigFixture.defaults().set("protocols[2].soft.dose_ul", "5-20")));
    }

    @Test
    void softRangeOutsideHardLimitsIsRejected() {
        assertEquals(List.of("protocols[2].soft.depth_mm: 4.5 is above the hard limit 4.0"),
                problems(ConfigFixture.defaults().set("protocols[2].soft.depth_mm", List.of(0.5, 4.5))));
        assertEquals(List.of("protocols[6].soft.dose_ul: 250 is above the hard limit 200.0"),
                problems(ConfigFixture.defaults().set("protocols[6].soft.dose_ul", List.of(50, 250))));
    }

    @Test
    void invertedSoftRangeIsRejected() {
        assertEquals(List.of("protocols[0].soft.depth_mm: min 2.0 is above max 0.5"),
                problems(ConfigFixture.defaults().set("protocols[0].soft.depth_mm", List.of(2.0, 0.5))));
    }

    @Test
    void defaultOutsideItsSoftRangeIsRejected() {
        assertEquals(List.of("protocols[0].dose_ul: 30.0 is outside its soft range [10.0, 25.0]"),
                problems(ConfigFixture.defaults().set("protocols[0].dose_ul", 30)));
    }

    @Test

    @Verifies("SR-1")
    void softDepthDeeperThanTheNeedleMaximumIsRejected() {
        assertEquals(List.of("protocols[5].soft.depth_mm: 4.0 is above needle.max_depth_mm 3.0",
                        "protocols[6].soft.depth_mm: 4.0 is above needle.max_depth_mm 3.0"),
                problems(ConfigFixture.defaults().set("needle.max_depth_mm", 3.0)));
    }

    @Test
    void duplicatePinsAreRejected() {
        assertEquals(List.of("pins.buzzer: 18 is already used by pins.valve_pwm"),
                problems(ConfigFixture.defaults().set("pins.buzzer", 18)));
    }

    @Test
    void duplicateProtocolNamesAreRejected() {
        assertEquals(List.of("protocols[1].name: \"face-point\" is already used by protocols[0]"),
                problems(ConfigFixture.defaults().set("protocols[1].name", "face-point")));
    }

    @Test

    @Verifies("SR-6")
    void nappageAboveNineShotsPerSecondIsRejected() {
        assertEquals(List.of("protocols[1].shots_per_s: 10 is above the hard limit 9.0"),
                problems(ConfigFixture.defaults().set("protocols[1].shots_per_s", 10)));
    }

    @Test
    void nappageMustStateItsRateAndOtherModesMustNot() {
        assertEquals(List.of("protocols[1].shots_per_s: missing"),
                problems(ConfigFixture.defaults().remove("protocols[1].shots_per_s")));
        assertEquals(List.of("protocols[0].shots_per_s: only nappage protocols have a shot rate; "
                        + "point fires once per trigger press"),
                problems(ConfigFixture.defaults().set("protocols[0].shots_per_s", 2)));
    }

    @Test

    @Verifies("SR-6")
    void nappageFasterThanTheSessionIntervalAllowsIsRejected() {
        assertEquals(List.of("protocols[2].shots_per_s: 8.0 is above the 6.7/s that "
                        + "session.min_shot_interval_ms 150 allows"),
                problems(ConfigFixture.defaults().set("session.min_shot_interval_ms", 150)));
    }

    @Test
    void nappageWhoseCycleCannotFitItsIntervalIsRejected() {
        List<String> p = problems(ConfigFixture.defaults().set("mechanics.max_rate_steps_s", 10000));
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("protocols[1].shots_per_s: 6.0 leaves 166.7 ms a shot, but"), p.get(0));
    }

    @Test

    @Verifies("SR-2")
    void pointDoseThatCannotFitOneValveOpeningIsRejected() {
        List<String> p = problems(ConfigFixture.defaults().set("valve.max_open_ms", 20));
        assertTrue(p.contains("protocols[0].soft.dose_ul: 25.0 uL needs 25.0 ms of valve at nominal flow, "
                + "above valve.max_open_ms 20"), p.toString());
    }

    @Test

    @Verifies("SR-2")
    void valveOpenTimeAboveHardLimitIsRejected() {
        assertEquals(List.of("valve.max_open_ms: 150 is above the hard limit 100"),
                problems(ConfigFixture.defaults().set("valve.max_open_ms", 150)));
    }

    @Test

    @Verifies("SR-7")
    void watchdogOutsideItsHardRangeIsRejected() {
        assertEquals(List.of("loop.watchdog_ms: 2 is below the hard limit 5"),
                problems(ConfigFixture.defaults().set("loop.watchdog_ms", 2)));
        assertEquals(List.of("loop.watchdog_ms: 200 is above the hard limit 100"),
                problems(ConfigFixture.defaults().set("loop.watchdog_ms", 200)));
    }

    @Test

    @Verifies("SR-6")
    void shotIntervalBelowHardMinimumIsRejected() {
        assertTrue(problems(ConfigFixture.defaults().set("session.min_shot_interval_ms", 100))
                .contains("session.min_shot_interval_ms: 100 is below the hard limit 111"));
    }

    @Test

    @Verifies("SR-8")
    void positionToleranceAboveTwoStepsIsRejected() {
        assertEquals(List.of("mechanics.position_tolerance_steps: 3 is above the hard limit 2"),
                problems(ConfigFixture.defaults().set("mechanics.position_tolerance_steps", 3)));
    }

    @Test

    @Verifies("SR-1")
    void mechanicalStopBeyondFourAndAHalfMillimetresIsRejected() {
        assertEquals(List.of("mechanics.mechanical_stop_past_zero_mm: 5.0 is above the hard limit 4.5"),
                problems(ConfigFixture.defaults().set("mechanics.mechanical_stop_past_zero_mm", 5.0)));
    }

    @Test

    @Verifies("SR-1")
    void needleDepthReachingTheMechanicalStopIsRejected() {
        List<String> p = problems(ConfigFixture.defaults().set("mechanics.mechanical_stop_past_zero_mm", 4.0));
        assertEquals(List.of("needle.max_depth_mm: 4.0 reaches the mechanical stop at 4.0 mm past zero"), p);
    }

    @Test

    @Verifies("SR-4")
    void shortHubRemovalCannotCountAsNeedleChange() {
        assertEquals(List.of("needle.hub_removed_ms: 100 is below the hard limit 300"),
                problems(ConfigFixture.defaults().set("needle.hub_removed_ms", 100)));
    }

    @Test
    void deviceIdMustBeTopicSafe() {
        assertEquals(List.of("device.id: \"gun/01\" is not 1-32 characters of A-Z a-z 0-9 _ -"),
                problems(ConfigFixture.defaults().set("device.id", "gun/01")));
    }

    @Test
    void serialFramingMustLookLike8N1() {
        assertEquals(List.of("serial.framing: \"8X1\" is not a framing like 8N1 "
                        + "(data bits 5-8, parity N/E/O/M/S, stop bits 1-2)"),
                problems(ConfigFixture.defaults().set("serial.framing", "8X1")));
    }

    @Test
    void brokerMustBeEmbeddedNoneTcpOrSsl() {
        assertEquals(List.of("mqtt.broker: \"http://x\" is not embedded, none, tcp://host[:port] or ssl://host[:port]"),
                problems(ConfigFixture.defaults().set("mqtt.broker", "http://x")));
        ConfigFixture.defaults().set("mqtt.broker", "ssl://broker.local:8883").load();
        ConfigFixture.defaults().set("mqtt.broker", "tcp://10.0.0.2").load();
        ConfigFixture.defaults().set("mqtt.broker", "none").set("mqtt.enabled", false).load();
    }

    @Test
    void unknownModeAndBoardAreRejected() {
        assertEquals(List.of("protocols[0].mode: \"Point\" is not one of point, nappage, perfusion"),
                problems(ConfigFixture.defaults().set("protocols[0].mode", "Point")));
        assertEquals(List.of("device.board: \"arduino\" is not one of simulator, pi4j"),
                problems(ConfigFixture.defaults().set("device.board", "arduino")));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<String> p = problems(ConfigFixture.defaults()
                .set("needle.max_depth_mm", 5.0)
                .set("mechanics.lead_m", 2)
                .remove("valve.max_open_ms"));
        assertEquals(3, p.size(), p.toString());
        assertTrue(p.contains("needle.max_depth_mm: 5.0 is above the hard limit 4.0"));
        assertTrue(p.contains("mechanics.lead_m: unknown key"));
        assertTrue(p.contains("valve.max_open_ms: missing"));
    }

    @Test
    void exceptionMessageListsProblemsOnePerLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFixture.defaults()
                .set("needle.max_depth_mm", 5.0).set("extras", 1).load());
        assertEquals("needle.max_depth_mm: 5.0 is above the hard limit 4.0\nextras: unknown key", e.getMessage());
    }

    @Test
    void duplicateYamlKeyIsAnError(@TempDir Path dir) throws Exception {
        String text = Files.readString(ConfigFixture.DEFAULT).replace("  id: gun-sim-01", "  id: a\n  id: b");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(text.getBytes(StandardCharsets.UTF_8), "x.yaml"));
        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).startsWith("x.yaml: not valid YAML at line"), e.problems().get(0));
    }

    @Test
    void missingFileIsReported(@TempDir Path dir) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir));
        assertEquals(List.of(dir.resolve("mesogun.yaml") + ": no such file"), e.problems());
    }

    @Test
    void emptyFileIsReported() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(new byte[0], "x.yaml"));
        assertEquals(List.of("(top level): expected a mapping of sections"), e.problems());
    }
}
