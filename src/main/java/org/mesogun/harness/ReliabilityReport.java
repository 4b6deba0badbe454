package org.mesogun.harness;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.mesogun.config.DeviceConfig;
import org.mesogun.controller.EventSink;
import org.mesogun.simulator.SimFault;

/**
 * The reliability evidence that comes from the simulator (SPEC §12): every fault in every mode,
 * and a soak of many injections with the heap measured after a full GC before and after. Written
 * as Markdown by {@code reliability}; the tests run short forms of both.
 */
public final class ReliabilityReport {

    /** One cell of the fault matrix. */
    public record FaultCell(String mode, String fault, String alarm, long ticksToDetect, long ticksToSafe,
                            int violations, double harmUl, double harmBoundUl) {
    }

    /** The soak's outcome. */
    public record Soak(long points, int runs, int violations, long heapStartBytes, long heapEndBytes, double wallS,
                       long ticks) {
    }

    public static final List<String> PROTOCOLS = List.of("face-point", "face-nappage", "body-perfusion");

    private ReliabilityReport() {
    }

    public static List<FaultCell> faultMatrix(DeviceConfig cfg) {
        List<FaultCell> cells = new ArrayList<>();
        for (String protocol : PROTOCOLS) {
            for (SimFault f : SimFault.values()) {
                Scenario sc = Scenario.defaults().withProtocol(protocol).withPoints(14).withNeedleLimit(6)
                        .withFaults(List.of(new Scenario.FaultAt(f, 5)));
                RunResult r = new SimulationRun(cfg, sc, null, EventSink.NONE, false).run();
                SimulationRun.FaultTiming t = r.faults().isEmpty() ? null : r.faults().get(0);
                double bound = r.spec().trueFlowUlPerMs * r.spec().deadmanPeriodMicros / 1000.0;
                cells.add(new FaultCell(protocol, f.cliName(), t == null ? "-" : t.code(),
                        t == null ? -1 : t.ticksToDetect(), t == null ? -1 : t.ticksToSafe(), r.violations().size(),
                        r.judge().excessUl(), bound));
            }
        }
        return cells;
    }

    /** {@code points} injections in runs of {@code perRun}, seeds 1, 2, …; nappage, the busiest mode. */
    public static Soak soak(DeviceConfig cfg, long points, int perRun, Consumer<String> progress) {
        long heapStart = heapAfterGc();
        long done = 0;
        int runs = 0;
        int violations = 0;
        long ticks = 0;
        long t0 = System.nanoTime();
        while (done < points) {
            int n = (int) Math.min(perRun, points - done);
            Scenario sc = Scenario.defaults().withProtocol("face-nappage").withPoints(n).withSeed(++runs);
            RunResult r = new SimulationRun(cfg, sc, null, EventSink.NONE, false).run();
            done += r.delivered();
            ticks += r.ticks();
            violations += r.violations().size();
            if (r.delivered() == 0) {
                throw new IllegalStateException("soak run " + runs + " delivered nothing: " + r.notes());
            }
            if (progress != null && runs % 10 == 0) {
                progress.accept(String.format(Locale.ROOT, "soak: %,d points, %d violations", done, violations));
            }
        }
        long heapEnd = heapAfterGc();
        return new Soak(done, runs, violations, heapStart, heapEnd, (System.nanoTime() - t0) / 1e9, ticks);
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    public static String markdown(List<FaultCell> cells, Soak soak, String command) {
        StringBuilder md = new StringBuilder();
        md.append("# Reliability evidence (SPEC §12)\n\n")
                .append("Regenerate with `").append(command).append("` (the simulator parts below); the tests run\n")
                .append("short forms of each in `mvn verify`.\n\n")
                .append("## Fault matrix\n\nEvery simulator fault, injected as point 5 of a 14-point session with a needle change\n")
                .append("every 6 punctures (so homing and a broken home switch come into play). *Detect* counts loop ticks\n")
                .append("(1 ms) from the injection — which includes the clinician's own time to the next shot — to the\n")
                .append("latched fault; *safe* counts ticks from the latch to the valve closed and the needle not going\n")
                .append("deeper. Violations are judged by the simulator from its true state. Harm is what a stuck valve\n")
                .append("delivered past its pulse, against the dead-man's bound.\n\n")
                .append("| mode | fault | alarm | detect (ticks) | safe (ticks) | violations | harm µL (bound) |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (FaultCell c : cells) {
            md.append(String.format(Locale.ROOT, "| %s | `%s` | %s | %s | %s | %d | %.2f (%.1f) |%n", c.mode(), c.fault(),
                    c.alarm(), c.ticksToDetect() < 0 ? "-" : Long.toString(c.ticksToDetect()),
                    c.ticksToSafe() < 0 ? "-" : Long.toString(c.ticksToSafe()), c.violations(), c.harmUl(),
                    c.harmBoundUl()));
        }
        md.append("\n`power-loss` ends the run (the controller dies with the power; the valve is normally closed).\n");
        md.append(String.format(Locale.ROOT, "%n## Soak%n%n%,d injections (nappage, %d runs of seeded sessions with needle and "
                + "syringe changes) in virtual time: **%d violations**; %,d ticks in %.1f s wall. Heap after a full GC: "
                + "%.1f MB at the start, %.1f MB at the end.%n", soak.points(), soak.runs(), soak.violations(), soak.ticks(),
                soak.wallS(), soak.heapStartBytes() / 1e6, soak.heapEndBytes() / 1e6));
        md.append("\n## Crash, outage, disk full (telemetry)\n\nSee [telemetry.md](telemetry.md): kill -9 of the service at random moments "
                + "(`KillRestartTest`, full form with `-Dmesogun.kill.rounds=20`), the broker stopped mid-session "
                + "(`OutageTest`; 4 s in CI, 30 s with `-Dmesogun.outage.ms=30000`: nothing lost, order kept, "
                + "replay marked late), the journal over 90 % full (`JournalRecoveryTest`): records lost and reordered are "
                + "counted against the simulator's list of completed points.\n");
        md.append("\n## Serial fuzz\n\n`ConsoleFuzzTest`: 100,000 random lines and bytes without login — no crash, no "
                + "setting, calibration, limit or counter change, nothing moves or fires (judged by the simulator).\n");
        md.append("\n## Mutation testing\n\nSee [mutation.md](mutation.md) (PIT on the safety monitor package).\n");
        md.append("\n## Micro-benchmarks (JMH)\n\n`mvn -q -Pjmh test-compile exec:exec` (sources in "
                + "`src/test/java/org/mesogun/jmh`): a loop tick during shots, a journal append with batched fsync.\n");
        return md.toString();
    }
}
