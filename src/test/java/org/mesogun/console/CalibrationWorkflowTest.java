package org.mesogun.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mesogun.Verifies;
import org.mesogun.config.Calibration;
import org.mesogun.config.CalibrationLoad;
import org.mesogun.config.CalibrationStore;
import org.mesogun.config.DeviceConfig;
import org.mesogun.config.PlungerConfig;
import org.mesogun.controller.EventSink;
import org.mesogun.controller.State;
import org.mesogun.controller.safety.FaultCode;
import org.mesogun.harness.RunResult;
import org.mesogun.harness.Scenario;
import org.mesogun.harness.SimulationRun;

/**
 * A technician calibrates depth and dose over the console, starting from the nominal
 * calibration (no file: the gun is unarmed but serviceable), on a simulated gun whose true
 * steps/mm and flow are 7 % and 6 % off. The simulator's truth plays the gauge and the scale.
 */
class CalibrationWorkflowTest {

    @TempDir
    Path dir;

    /** Depth zero to the nearest step, and steps/mm from a 2 mm jog read on a 1 µm gauge. */
    static void calibrateDepth(ConsoleBench b) {
        for (int i = 0; i < 12; i++) {
            double tip = b.gun.truth().tipDepthMm();
            if (Math.abs(tip) * b.gun.spec().trueStepsPerMm <= 0.5) {
                break;
            }
            b.ok(String.format(Locale.ROOT, "JOG %.4f", -tip));
        }
        b.ok("ZERO");
        b.ok("JOG 2");
        double measured = Math.round(b.gun.truth().tipDepthMm() * 1000) / 1000.0;
        b.ok(String.format(Locale.ROOT, "CAL DEPTH 2 %.3f", measured));
    }

    /**
     * The depth check that lets the saved depth values arm (SR-1): after SAVE the gun runs on
     * them, unarmed; in SERVICE the tip goes to 1.0 mm and to 3.96 mm and the gauge reads it
     * there (the truth to 1 µm), then SAVE again.
     */
    static void checkDepth(ConsoleBench b) {
        b.until(State.FAULT, 20_000);   // homed on the new values: not armable until checked
        assertEquals(FaultCode.CALIBRATION_INVALID, b.live.fault());
        b.ok("SERVICE ON");
        b.ok("HOME");
        b.ok("JOG 2");   // park is 1 mm behind zero
        b.ok(String.format(Locale.ROOT, "CAL CHECK 1 %.3f", Math.round(b.gun.truth().tipDepthMm() * 1000) / 1000.0));
        b.ok("JOG 2.96");
        b.ok(String.format(Locale.ROOT, "CAL CHECK 3.96 %.3f",
                Math.round(b.gun.truth().tipDepthMm() * 1000) / 1000.0));
        b.ok("HOME");   // back to park: a new calibration is swapped in there
        assertTrue(b.ok("SAVE").contains("saved"));
    }

    /** Flow from 20 test shots of 20 µL weighed together on a 0.1 mg scale. */
    static void calibrateDose(ConsoleBench b) {
        b.ok("PRIME");
        double before = b.gun.truth().deliveredUl();
        b.ok("TESTSHOT 20 20");
        double total = Math.round((b.gun.truth().deliveredUl() - before) * 10) / 10.0;
        b.ok(String.format(Locale.ROOT, "CAL DOSE 20 %.1f", total));
    }

    static ConsoleBench loggedInService(Path dir) throws Exception {
        ConsoleBench b = new ConsoleBench(dir, 7);
        b.until(State.FAULT, 1_000);
        assertEquals(FaultCode.CALIBRATION_INVALID, b.live.fault());
        b.ok("LOGIN factory 0000");
        b.ok("PIN SET 4321");
        b.ok("SERVICE ON");
        b.ok("HOME");
        return b;
    }

    @Test
    @Verifies({"SR-10", "SR-13"})
    void depthAndDoseCalibratedOverTheConsoleMakeTheGunAccurateAfterARestart() throws Exception {
        ConsoleBench b = loggedInService(dir);
        calibrateDepth(b);
        calibrateDose(b);
        String saved = b.ok("SAVE");
        assertTrue(saved.contains("calibration v1 saved") && saved.contains("does not arm until"), saved);
        checkDepth(b);
        b.until(State.IDLE, 20_000);   // swapped in at the safe point, homed on the new calibration
        assertEquals(2, b.live.swaps());
        assertNull(b.live.fault());

        // A restart: the saved file is what a new controller runs on.
        CalibrationLoad reloaded = new CalibrationStore(dir, b.config).load();
        assertTrue(reloaded.armable(), reloaded.reason());
        Calibration cal = reloaded.calibration();
        assertEquals(2, cal.version(), "v1 the values, v2 their depth check");
        assertEquals("factory", cal.savedBy());
        assertEquals(ConsoleBench.CALIBRATABLE_STEPS_PER_MM, cal.stepsPerMm(), 0.3);
        assertEquals(0.90, cal.flowUlPerMs(), 0.05);

        // Open loop, so the dose shows the calibration and not the plunger's correction.
        RunResult r = sessionOn(b.config, cal);
        assertTrue(r.violations().isEmpty(), r.violations().toString());
        assertEquals(30, r.delivered());
        assertTrue(r.maxAbsErrorSteps() <= 1.0, "depth error " + r.maxAbsErrorSteps() + " steps");
        assertTrue(Math.abs(r.meanDoseErrorPct()) <= 2.0, "dose error " + r.meanDoseErrorPct() + " %");

        // Audited: who, what, old, new, when; in the file and on the hook for telemetry.
        List<String> lines = Files.readAllLines(b.audit.file());
        assertTrue(lines.stream().anyMatch(l -> l.contains("factory\tcalibration v1 steps_per_mm\t400.000\t")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("calibration v1 flow_ul_per_ms\t1.0000\t")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("calibration v1 zero_steps\t8000\t")));
        // The gauge readings that armed the depth values are on the record too, with who took them.
        assertTrue(lines.stream().anyMatch(l -> l.contains("factory\tcalibration v2 depth_check\tnone\t1.000->")
                && l.contains(",3.960->")), lines.toString());
        assertTrue(b.published.stream().anyMatch(a -> a.what().equals("calibration v1 steps_per_mm")
                && a.user().equals("factory") && a.at() != null));
    }

    @Test
    void theSameSessionOnNominalFlowMissesTheDoseBound() {
        // The control for the test above: with the depth right but the flow left at nominal, the
        // same session is off by the simulator's 6 % flow error, so the 2 % bound can fail.
        var cfg = new ConsoleBench.Config().config;
        Calibration depthOnly = new Calibration(ConsoleBench.CALIBRATABLE_STEPS_PER_MM,
                Math.round(20.3 * ConsoleBench.CALIBRATABLE_STEPS_PER_MM), 1.0, 0, 1, java.time.Instant.EPOCH, "t",
                new org.mesogun.config.DepthCheck(1.0, 1.0, 3.96, 3.96));   // zero and steps/mm exact
        RunResult r = sessionOn(cfg, depthOnly);
        assertEquals(30, r.delivered());
        assertTrue(Math.abs(r.meanDoseErrorPct()) > 4.0, "nominal dose error " + r.meanDoseErrorPct());
    }

    @Test
    @Verifies("SR-1")
    void aStepsPerMmMoreThanFivePercentOffIsRefused(@TempDir Path other) throws Exception {
        // A gun 7 % off its nominal steps/mm: the measurement is refused, nothing changes.
        ConsoleBench b = new ConsoleBench(other, org.mesogun.simulator.SimSpec.builder().seed(7)
                .trueStepsPerMm(428).build());
        b.until(State.FAULT, 1_000);
        b.ok("LOGIN factory 0000");
        b.ok("PIN SET 4321");
        b.ok("SERVICE ON");
        b.ok("HOME");
        for (int i = 0; i < 12 && Math.abs(b.gun.truth().tipDepthMm()) * 428 > 0.5; i++) {
            b.ok(String.format(Locale.ROOT, "JOG %.4f", -b.gun.truth().tipDepthMm()));
        }
        b.ok("ZERO");
        b.ok("JOG 2");
        double measured = Math.round(b.gun.truth().tipDepthMm() * 1000) / 1000.0;
        List<String> r = b.send(String.format(Locale.ROOT, "CAL DEPTH 2 %.3f", measured));
        assertTrue(ConsoleBench.last(r).startsWith("error:5 "), r.toString());
        assertEquals(400.0, b.engine.draftCalibration().stepsPerMm());
    }

    /**
     * SR-1: the depth check measures the values the gun runs on, at the two depths it asks for,
     * within ±0.02 mm; a reading further off is refused, and so is a check of unsaved values.
     */
    @Test
    @Verifies({"SR-1", "SR-13"})
    void aDepthCheckOffByMoreThanTwoHundredthsIsRefusedAndUnsavedValuesCannotBeChecked() throws Exception {
        ConsoleBench b = loggedInService(dir);
        calibrateDepth(b);
        List<String> r = b.send("CAL CHECK 1 1");
        assertTrue(ConsoleBench.last(r).startsWith("error:") && r.toString().contains("SAVE the new"), r.toString());
        b.ok("HOME");   // back to park: a new calibration is swapped in there
        b.ok("SAVE");
        b.until(State.FAULT, 20_000);
        b.ok("SERVICE ON");
        b.ok("HOME");
        b.ok("JOG 2");
        double tip = Math.round(b.gun.truth().tipDepthMm() * 1000) / 1000.0;
        r = b.send(String.format(Locale.ROOT, "CAL CHECK 1 %.3f", tip + 0.03));
        assertTrue(r.toString().contains("off by +0.03"), r.toString());
        r = b.send("CAL CHECK 2 2");
        assertTrue(r.toString().contains("or at 3.96 mm or deeper"), r.toString());
        r = b.send(String.format(Locale.ROOT, "CAL CHECK 0.8 %.3f", tip));
        assertTrue(r.toString().contains("JOG there first"), r.toString());
        assertTrue(b.ok(String.format(Locale.ROOT, "CAL CHECK 1 %.3f", tip)).contains("now the deep one"));
        assertTrue(Double.isNaN(b.engine.draftCalibration().depthCheck().deepCommandedMm()), "no deep one yet");
        b.ok("JOG 2.96");
        b.ok(String.format(Locale.ROOT, "CAL CHECK 3.96 %.3f", Math.round(b.gun.truth().tipDepthMm() * 1000) / 1000.0));
        b.ok("HOME");
        b.ok("SAVE");
        b.until(State.IDLE, 20_000);
        assertTrue(new CalibrationStore(dir, b.config).load().armable());
    }

    static RunResult sessionOn(DeviceConfig cfg, Calibration cal) {
        DeviceConfig openLoop = new DeviceConfig(cfg.device(), cfg.loop(), cfg.inputs(), cfg.mechanics(), cfg.valve(),
                cfg.syringe(), new PlungerConfig(false, cfg.plunger().resolutionUm()), cfg.needle(), cfg.session(),
                cfg.pins(), cfg.protocols(), cfg.mqtt(), cfg.serial(), cfg.storage(), cfg.sourceSha256());
        Scenario sc = Scenario.defaults().withPoints(30).withDose(20).withDepth(1.5).withSeed(3);
        return new SimulationRun(openLoop, sc, null, EventSink.NONE, false).withCalibration(cal)
                .withHardware(h -> h.trueStepsPerMm(ConsoleBench.CALIBRATABLE_STEPS_PER_MM)).run();
    }
}
