package org.mesogun.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mesogun.Verifies;
import org.mesogun.config.AccountStore;
import org.mesogun.config.CalibrationStore;
import org.mesogun.controller.State;
import org.mesogun.harness.SimFixtures;
import org.mesogun.simulator.SimSpec;

/**
 * requirements §12: random lines and bytes to a console nobody logged in to. Nothing crashes, nothing
 * moves or fires (the simulator's truth), and no setting, calibration, account, limit or counter
 * changes.
 */
class ConsoleFuzzTest {

    static final String[] WORDS = {"?", "!", "\u0018", "HELP", "VERSION", "$$", "$steps_per_mm=", "$zero_steps=",
        "$flow_ul_per_ms=", "$flow_offset_ul=", "$x=", "LOGIN", "LOGOUT", "PIN", "SET", "USER", "ADD", "DEL",
        "SERVICE", "ON", "OFF", "HOME", "JOG", "ZERO", "CAL", "DEPTH", "DOSE", "PRIME", "TESTSHOT", "SAVE",
        "FAULTS", "ACK", "LOG", "SELFTEST", "factory", "admin", "tech", "-1", "0", "1.5", "4", "999999", "NaN",
        "1e9", "0x10", "-0.0025", "20", "\t", "  "};

    @TempDir
    Path dir;

    static String randomLine(SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        switch (r.nextInt(4)) {
            case 0 -> {   // commands, well-formed or nearly
                int n = 1 + r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    sb.append(WORDS[r.nextInt(WORDS.length)]);
                    if (r.nextInt(3) > 0) {
                        sb.append(r.nextBoolean() ? ' ' : (char) ('0' + r.nextInt(10)));
                    }
                }
            }
            case 1 -> {   // random printable text, sometimes too long
                int n = r.nextInt(10) == 0 ? 250 + r.nextInt(100) : r.nextInt(40);
                for (int i = 0; i < n; i++) {
                    sb.append((char) (0x20 + r.nextInt(95)));
                }
            }
            case 2 -> {   // binary garbage
                int n = r.nextInt(60);
                for (int i = 0; i < n; i++) {
                    sb.append((char) r.nextInt(256));
                }
            }
            default -> sb.append("LOGIN ").append(WORDS[r.nextInt(WORDS.length)]).append(' ')
                    .append(String.format("%04d", 1 + r.nextInt(9999)));
        }
        return sb.append(r.nextBoolean() ? "\r" : "\n").toString();
    }

    @Test
    @Verifies({"SR-13", "SR-3", "SR-12"})
    void aHundredThousandRandomLinesWithoutLoginChangeNothingAndNothingMoves() throws Exception {
        SimSpec spec = SimSpec.builder().seed(5).trueStepsPerMm(ConsoleBench.CALIBRATABLE_STEPS_PER_MM).build();
        new CalibrationStore(dir, new ConsoleBench.Config().config).save(SimFixtures.factoryCalibration(spec));
        ConsoleBench b = new ConsoleBench(dir, spec);
        b.until(State.IDLE, 20_000);   // armed-capable, homed, parked: the most there is to lose
        long steps = b.gun.truth().trueMotorSteps();
        long shots = b.gun.truth().shots();
        double delivered = b.gun.truth().deliveredUl();
        byte[] cal = Files.readAllBytes(dir.resolve(CalibrationStore.FILE_NAME));
        byte[] accounts = Files.readAllBytes(dir.resolve(AccountStore.FILE_NAME));
        var active = b.engine.activeCalibration();
        var settings = b.live.current().settings();
        int punctures = b.counters.punctures();
        int serial = b.counters.needleSerial();

        SplittableRandom r = new SplittableRandom(42);
        int lines = 100_000;
        for (int i = 0; i < lines; i++) {
            byte[] bytes = randomLine(r).getBytes(StandardCharsets.ISO_8859_1);
            b.engine.receive(bytes, bytes.length);
            b.tick();
        }
        b.run(1_000);

        for (String l : b.output) {
            assertTrue(l.equals("ok") || l.matches("error:[0-9]+ .*") || l.startsWith("[") || l.startsWith("<") || l.matches("\\$[a-z_]+=-?[0-9.]+")
                    || l.matches("ALARM:[0-9]+"), l);
        }
        assertEquals(steps, b.gun.truth().trueMotorSteps(), "the axis moved");
        assertEquals(shots, b.gun.truth().shots(), "the valve fired");
        assertEquals(delivered, b.gun.truth().deliveredUl());
        assertArrayEquals(cal, Files.readAllBytes(dir.resolve(CalibrationStore.FILE_NAME)));
        assertArrayEquals(accounts, Files.readAllBytes(dir.resolve(AccountStore.FILE_NAME)));
        assertEquals(active, b.engine.activeCalibration());
        assertEquals(active, b.engine.draftCalibration());
        assertTrue(settings == b.live.current().settings() && b.live.swaps() == 0);
        assertEquals(punctures, b.counters.punctures());
        assertEquals(serial, b.counters.needleSerial());
        assertEquals(State.IDLE, b.live.state());
        assertNull(b.live.fault());
        // Nothing changed, so nothing but refused logins (each audited, requirements §6) was audited.
        if (Files.exists(b.audit.file())) {
            for (String line : Files.readAllLines(b.audit.file())) {
                assertTrue(line.split("\t", -1)[3].startsWith("login failed "), line);
            }
        }
        long errors = b.output.stream().filter(l -> l.startsWith("error:")).count();
        org.mesogun.Evidence.record("serial-fuzz", "mvn -Dtest=ConsoleFuzzTest test", String.format(
                "**%,d random lines and bytes without login** into the console engine of a homed, idle gun (seed 42):"
                + " %,d answered with an error code, no crash; calibration and account files byte-identical, no"
                + " setting, limit or counter changed, **0 steps moved, 0 shots fired** (the simulator's truth), nothing"
                + " audited. The same over a real pty: `PtyConsoleTest` (2,000 lines).", lines, errors));
    }
}
