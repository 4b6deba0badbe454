package org.mesogun.telemetry;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mesogun.controller.EventSink;
import org.mesogun.controller.SessionEnd;
import org.mesogun.controller.State;
import org.mesogun.harness.Scenario;
import org.mesogun.harness.SimulationRun;

/**
 * The service as {@link KillTest} runs it in a child JVM: telemetry on a journal directory to a
 * broker, and one simulated session on virtual time paced to wall time (a sleep after each state
 * change and each point), so that a session lasts seconds and a kill -9 lands while it runs.
 *
 * <p>Ground truth: each completed point ({@code P bootId session point}), session start ({@code S})
 * and end ({@code E}) is appended to a file with one unbuffered write — after the telemetry ring has
 * taken the event in the same call (the tee writes the ring first). A kill -9 keeps the page cache,
 * so a line written is a line the test reads. A point the ring took but the kill hit before its
 * line was written may appear in telemetry without a line; never the other way round.
 *
 * <p>Args: journalDir brokerUri deviceId groundTruthFile points pointPaceMs
 */
public final class KillChild {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String uri = args[1];
        String device = args[2];
        Path truth = Path.of(args[3]);
        int points = Integer.parseInt(args[4]);
        long paceMs = Long.parseLong(args[5]);
        List<String> log = new ArrayList<>();
        Telemetry.Options o = TelemetryRig.options(device, dir, uri, log);
        o = new Telemetry.Options(o.deviceId(), o.journalDir(), o.journalMaxBytes(), o.broker(), o.protocols(),
                o.firmware(), o.configId(), o.calibrationId(), o.loop(), line -> System.out.println(line), 10_000);
        try (FileOutputStream gt = new FileOutputStream(truth.toFile(), true);
             Telemetry t = Telemetry.start(o)) {
            long boot = t.bootId();
            line(gt, "B " + boot);
            System.out.println("child: boot " + boot + " pid " + ProcessHandle.current().pid());
            EventSink truthSink = new EventSink() {
                @Override
                public void sessionStarted(long now, int session, int protocol, double depthMm, double doseUl,
                        long lot, boolean override) {
                    line(gt, "S " + boot + " " + session);
                }

                @Override
                public void point(long now, int session, int point, double d, double tu, double mu, long open,
                        int needle, int punctures) {
                    line(gt, "P " + boot + " " + session + " " + point);
                    pause(paceMs);
                }

                @Override
                public void stateChanged(long now, State from, State to) {
                    pause(paceMs / 8);
                }

                @Override
                public void sessionEnded(long now, int session, int pts, double ul, SessionEnd reason) {
                    line(gt, "E " + boot + " " + session);
                }
            };
            Scenario sc = Scenario.defaults().withPoints(points).withSeed(11 + boot);
            new SimulationRun(TelemetryRig.CONFIG, sc, null, new TeeSink(t.sink(), truthSink), false).run();
            System.out.println("child: session done, closing");
        }
        System.out.println("child: closed");
    }

    private static void line(FileOutputStream out, String s) {
        try {
            out.write((s + "\n").getBytes(StandardCharsets.US_ASCII));   // one write(2): in the page cache
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private KillChild() {
    }
}
