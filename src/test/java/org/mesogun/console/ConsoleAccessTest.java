package org.mesogun.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mesogun.Verifies;
import org.mesogun.controller.State;

/** SR-13 and requirements §6's bad input: each gets an error and changes nothing. */
class ConsoleAccessTest {

    @TempDir
    Path dir;

    static String code(List<String> reply) {
        String l = ConsoleBench.last(reply);
        return l.startsWith("error:") ? l.substring(6, l.indexOf(' ')) : l;
    }

    @Test
    @Verifies("SR-13")
    void changesNeedLoginServiceAndANewFactoryPin() throws Exception {
        ConsoleBench b = new ConsoleBench(dir, 1);
        b.until(State.FAULT, 1_000);
        assertEquals("6", code(b.send("$steps_per_mm=410")));
        assertEquals("6", code(b.send("SERVICE ON")));
        assertEquals("6", code(b.send("USER ADD bob 1234")));
        b.ok("LOGIN factory 0000");
        assertEquals("9", code(b.send("SERVICE ON")));    // the factory PIN must be changed first
        assertEquals("19", code(b.send("PIN SET 0000"))); // not to the same one
        b.ok("PIN SET 4321");
        assertEquals("10", code(b.send("$steps_per_mm=410")));
        assertEquals("10", code(b.send("JOG 1")));
        b.ok("SERVICE ON");
        assertEquals("5", code(b.send("$steps_per_mm=450")));   // range-checked
        assertEquals("4", code(b.send("$steps_per_mm=4e2")));
        b.ok("$steps_per_mm=410");
        b.ok("USER ADD bob 1234");
        b.ok("LOGOUT");
        assertEquals("6", code(b.send("SAVE")));
        b.ok("LOGIN bob 1234");
        assertEquals("9", code(b.send("SAVE")));   // a new account sets its own PIN too
    }

    @Test
    @Verifies("SR-13")
    void fiveWrongPinsLockTheConsoleForFiveMinutesOfPoweredTime() throws Exception {
        ConsoleBench b = new ConsoleBench(dir, 1);
        b.run(10);
        for (int i = 0; i < 5; i++) {
            assertEquals("7", code(b.send("LOGIN factory 999" + i)));
        }
        assertEquals("8", code(b.send("LOGIN factory 0000")));   // even the right PIN
        b.run(299_000);
        assertEquals("8", code(b.send("LOGIN factory 0000")));
        b.run(1_100);
        b.ok("LOGIN factory 0000");
    }

    @Test
    @Verifies("SR-13")
    void noChangeDuringASession() throws Exception {
        // A calibrated gun with a session running, started on the panel as a clinician does.
        var cfg = org.mesogun.config.ConfigLoader.load(Path.of("config"));
        new org.mesogun.config.CalibrationStore(dir, cfg).save(new org.mesogun.config.Calibration(
                ConsoleBench.CALIBRATABLE_STEPS_PER_MM, Math.round(20.3 * ConsoleBench.CALIBRATABLE_STEPS_PER_MM),
                0.94, 0, 1, java.time.Instant.EPOCH, "t", new org.mesogun.config.DepthCheck(1.0, 1.0, 3.96, 3.96)));
        ConsoleBench b = new ConsoleBench(dir, org.mesogun.simulator.SimSpec.builder().seed(3)
                .trueStepsPerMm(ConsoleBench.CALIBRATABLE_STEPS_PER_MM).build());
        b.until(State.IDLE, 20_000);
        for (int i = 0; i < 4; i++) {
            press(b, "down");   // Protocol → Depth → Dose → Lot → Load syringe
        }
        press(b, "select");
        press(b, "select");     // "Change syringe" → the new one is in
        press(b, "down");
        press(b, "select");     // Prime
        b.run(2_000);
        b.live.current().machine().presetLot(240117);
        press(b, "down");
        press(b, "select");     // Start session
        b.run(50);
        assertTrue(b.live.current().machine().inSession(), "a session runs: " + b.gun.panelText());
        double steps = b.engine.draftCalibration().stepsPerMm();

        b.accounts.setPin("factory", "4321");   // its first-login PIN change done on an earlier visit
        b.ok("LOGIN factory 4321");
        assertTrue(b.send("PIN SET 8642").stream().anyMatch(l -> l.startsWith("error:")), "PIN SET in a session");
        assertEquals("11", code(b.send("SERVICE ON")));
        assertTrue(b.send("$steps_per_mm=410").stream().anyMatch(l -> l.startsWith("error:")),
                "a setting in a session");
        assertTrue(b.send("SAVE").stream().anyMatch(l -> l.startsWith("error:")), "SAVE in a session");
        assertEquals(steps, b.engine.draftCalibration().stepsPerMm());
        assertTrue(b.live.current().machine().inSession(), "the session goes on");
    }

    private static void press(ConsoleBench b, String button) {
        switch (button) {
            case "down" -> b.gun.pressDown(true);
            default -> b.gun.pressSelect(true);
        }
        b.run(30);
        b.gun.pressDown(false);
        b.gun.pressSelect(false);
        b.run(40);
    }

    @Test
    void badInputGetsAnErrorAndChangesNothing() throws Exception {
        ConsoleBench b = new ConsoleBench(dir, 1);
        b.run(10);
        assertEquals("1", code(b.send("A".repeat(300))));
        assertEquals("2", code(b.raw(new byte[] {'H', 1, 2, (byte) 0xff, '\n'})));
        assertEquals("3", code(b.send("FLY 12")));
        assertEquals("4", code(b.send("JOG")));
        assertEquals("4", code(b.send("JOG NaN")));
        assertEquals("5", code(b.send("JOG 99")));
        assertEquals("3", code(b.send("$nosuch=1")));
        assertEquals("ok", code(b.send("HELP")));
        assertEquals(400.0, b.engine.draftCalibration().stepsPerMm());
    }

    @Test
    void statusAnswersAtOnceEvenMidLine() throws Exception {
        ConsoleBench b = new ConsoleBench(dir, 1);
        b.until(State.FAULT, 1_000);
        List<String> r = b.raw("VER?SION\n".getBytes());
        assertTrue(r.get(0).matches("<Fault\\|depth=-?[0-9.]+\\|needle=0/120\\|res=[0-9]+uL\\|fault=100\\|mqtt=off>"), r.get(0));
        assertEquals("ok", ConsoleBench.last(r));
    }

    /** Issue 17: telemetry's trouble is said at the console, not silent until the journal fills. */
    @Test
    void statusSaysTelemetrysStateAndItsLastErrorWhenOffline() throws Exception {
        ConsoleBench b = new ConsoleBench(dir, 1);
        b.until(State.FAULT, 1_000);
        b.engine.telemetry(() -> "connected,backlog=0");
        assertTrue(b.raw("?".getBytes()).get(0).endsWith("|mqtt=connected,backlog=0>"));
        b.engine.telemetry(() -> "offline,backlog=42\nmqtt: ssl://b:8883 refused or failed the connection: the broker's"
                + " certificate has expired");
        List<String> r = b.raw("?".getBytes());
        assertTrue(r.get(0).endsWith("|mqtt=offline,backlog=42>"), r.toString());
        assertTrue(r.get(1).startsWith("[MSG:mqtt: ssl://b:8883") && r.get(1).contains("expired"), r.toString());
    }
}
