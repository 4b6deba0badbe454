package org.mesogun.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fazecast.jSerialComm.SerialPort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mesogun.Verifies;
import org.mesogun.config.CalibrationLoad;
import org.mesogun.config.CalibrationStore;
import org.mesogun.controller.State;
import org.mesogun.harness.RunResult;

/**
 * The console over a real pseudo-terminal pair (socat) through jSerialComm, the gun's loop on its
 * own thread on virtual time, the test as the technician's terminal on the other end.
 */
@Timeout(120)
class PtyConsoleTest {

    @TempDir
    Path dir;

    private PtyPair pty;
    private SerialConsole console;
    private SerialPort terminal;
    private Thread loop;
    private volatile boolean running = true;
    private final Object world = new Object();
    private ConsoleBench b;

    void start() throws Exception {
        b = new ConsoleBench(dir, 7);
        pty = new PtyPair(dir.resolve("gun"), dir.resolve("tech"));
        loop = new Thread(() -> {
            while (running) {
                synchronized (world) {
                    b.clock.advance(ConsoleBench.TICK);
                    b.gun.advanceTo(b.clock.nanoTime());
                    b.live.tick(b.clock.nanoTime());
                }
                // Paced to roughly 20x real time: free-running, 30 min of needle time would pass
                // while the technician types, and the needle would lock out (SR-4).
                java.util.concurrent.locks.LockSupport.parkNanos(50_000);
            }
        }, "test-loop");
        loop.start();
        var cfg = b.config;
        console = new SerialConsole(pty.gunEnd().toString(), cfg.serial(), out -> new ConsoleEngine(cfg, b.store,
                b.load.calibration(), b.load.armable(), b.load.reason(), b.accounts, b.audit, b.live,
                b::successor, Clock.systemUTC(), System::nanoTime, out));
        terminal = SerialPort.getCommPort(pty.technicianEnd().toString());
        terminal.setComPortParameters(115200, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        terminal.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        terminal.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, 200, 5_000);
        assertTrue(terminal.openPort());
    }

    @AfterEach
    void stop() throws Exception {
        running = false;
        if (loop != null) {
            loop.join(5_000);
        }
        if (console != null) {
            console.close();
        }
        if (terminal != null) {
            terminal.closePort();
        }
        if (pty != null) {
            pty.close();
        }
    }

    private final StringBuilder pending = new StringBuilder();

    /** Sends a line, reads reply lines until ok or error (30 s bound). */
    List<String> send(String line) {
        byte[] bytes = (line + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        terminal.writeBytes(bytes, bytes.length);
        return readReply();
    }

    List<String> readReply() {
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + 30_000_000_000L;
        byte[] buf = new byte[256];
        while (System.nanoTime() < deadline) {
            int nl;
            while ((nl = pending.indexOf("\n")) >= 0) {
                String l = pending.substring(0, nl).replace("\r", "");
                pending.delete(0, nl + 1);
                lines.add(l);
                if (l.equals("ok") || l.startsWith("error:")) {
                    return lines;
                }
            }
            int n = terminal.readBytes(buf, buf.length);
            if (n > 0) {
                pending.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
        }
        throw new AssertionError("no answer in 30 s; got " + lines);
    }

    String ok(String line) {
        List<String> r = send(line);
        assertEquals("ok", r.get(r.size() - 1), line + " -> " + r);
        return String.join("\n", r);
    }

    double truth(DoubleSupplier d) {
        synchronized (world) {
            return d.getAsDouble();
        }
    }

    void waitFor(State s) throws InterruptedException {
        for (int i = 0; i < 3_000 && b.live.state() != s; i++) {
            Thread.sleep(10);
        }
        assertEquals(s, b.live.state());
    }

    @Test
    @Verifies({"SR-13", "SR-10", "SR-3"})
    void aTechnicianCalibratesDepthAndDoseOverThePty() throws Exception {
        start();
        waitFor(State.FAULT);   // no calibration yet: unarmed, serviceable
        assertTrue(ConsoleBench.last(send("FLY")).startsWith("error:3 "));
        assertTrue(ConsoleBench.last(send("SERVICE ON")).startsWith("error:6 "));
        ok("LOGIN factory 0000");
        ok("PIN SET 2468");
        ok("SERVICE ON");
        ok("HOME");
        double spm = b.gun.spec().trueStepsPerMm;
        for (int i = 0; i < 12; i++) {
            double tip = truth(() -> b.gun.truth().tipDepthMm());
            if (Math.abs(tip) * spm <= 0.5) {
                break;
            }
            ok(String.format(Locale.ROOT, "JOG %.4f", -tip));
        }
        ok("ZERO");
        ok("JOG 2");
        ok(String.format(Locale.ROOT, "CAL DEPTH 2 %.3f",
                Math.round(truth(() -> b.gun.truth().tipDepthMm()) * 1000) / 1000.0));
        ok("PRIME");
        double before = truth(() -> b.gun.truth().deliveredUl());
        ok("TESTSHOT 20 20");
        double total = Math.round((truth(() -> b.gun.truth().deliveredUl()) - before) * 10) / 10.0;
        ok(String.format(Locale.ROOT, "CAL DOSE 20 %.1f", total));
        String dump = ok("$$");
        assertTrue(dump.contains("$steps_per_mm=4"), dump);
        ok("SAVE");
        // The new depth values arm only once checked with the gauge at 1.0 and 3.96 mm (SR-1).
        waitFor(State.FAULT);
        ok("SERVICE ON");
        ok("HOME");
        ok("JOG 2");
        ok(String.format(Locale.ROOT, "CAL CHECK 1 %.3f",
                Math.round(truth(() -> b.gun.truth().tipDepthMm()) * 1000) / 1000.0));
        ok("JOG 2.96");
        ok(String.format(Locale.ROOT, "CAL CHECK 3.96 %.3f",
                Math.round(truth(() -> b.gun.truth().tipDepthMm()) * 1000) / 1000.0));
        ok("HOME");   // back to park, where the new calibration is swapped in
        ok("SAVE");
        waitFor(State.IDLE);
        assertTrue(ok("LOG 20").contains("calibration v1 steps_per_mm"));

        CalibrationLoad reloaded = new CalibrationStore(dir, b.config).load();
        assertTrue(reloaded.armable(), reloaded.reason());
        RunResult r = CalibrationWorkflowTest.sessionOn(b.config, reloaded.calibration());
        assertEquals(30, r.delivered());
        assertTrue(r.maxAbsErrorSteps() <= 1.0, "depth error " + r.maxAbsErrorSteps());
        assertTrue(Math.abs(r.meanDoseErrorPct()) <= 2.0, "dose error " + r.meanDoseErrorPct());
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)   // a hang in a native write fails
    @Verifies("SR-13")
    void randomBytesOverThePtyWithoutLoginMoveAndChangeNothing() throws Exception {
        start();
        waitFor(State.FAULT);
        double steps = truth(() -> b.gun.truth().trueMotorSteps());
        double shots = truth(() -> b.gun.truth().shots());
        SplittableRandom r = new SplittableRandom(9);
        // Drain the answers while writing: two full pty buffers would block both ends.
        StringBuffer answers = new StringBuffer();
        Thread drain = new Thread(() -> {
            byte[] buf = new byte[4096];
            while (running) {
                int n = terminal.readBytes(buf, buf.length);
                if (n > 0) {
                    answers.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
            }
        }, "test-drain");
        drain.start();
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = ConsoleFuzzTest.randomLine(r).getBytes(StandardCharsets.ISO_8859_1);
            assertEquals(bytes.length, terminal.writeBytes(bytes, bytes.length), "write " + i);
        }
        byte[] version = "\r\nVERSION\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(version.length, terminal.writeBytes(version, version.length));
        // Still answering, in order, after the storm.
        for (int i = 0; i < 3_000 && answers.indexOf("[VER:mesogun") < 0; i++) {
            Thread.sleep(10);
        }
        running = false;
        drain.join(5_000);
        assertTrue(answers.indexOf("[VER:mesogun") >= 0, "no answer to VERSION");
        assertEquals(steps, truth(() -> b.gun.truth().trueMotorSteps()));
        assertEquals(shots, truth(() -> b.gun.truth().shots()));
        assertEquals(State.FAULT, b.live.state());
        assertTrue(!java.nio.file.Files.exists(dir.resolve(CalibrationStore.FILE_NAME)));
    }
}
