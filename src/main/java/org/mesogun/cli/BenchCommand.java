package org.mesogun.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mesogun.config.ConfigLoader;
import org.mesogun.config.DeviceConfig;
import org.mesogun.controller.EventSink;
import org.mesogun.harness.AllocationProbe;
import org.mesogun.harness.RunResult;
import org.mesogun.harness.Scenario;
import org.mesogun.harness.SimulationRun;
import org.mesogun.loop.LoopStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The figures of SPEC §11 this build can measure so far, each beside its target and its method.
 * Cyclictest and start-up figures come with the issues that build them.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure the SPEC §11 figures on this machine and print them beside their targets.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Option(names = "--latency-seconds", paramLabel = "S", description = "Real-time loop run (default ${DEFAULT-VALUE}).")
    int latencySeconds = 20;

    @Option(names = "--seeds", paramLabel = "N", description = "Dose accuracy over seeds 1..N (default ${DEFAULT-VALUE}).")
    int seeds = 10;

    @Option(names = "--compare-cyclictest", description = "Also run cyclictest (rt-tests) for the same time and "
            + "period at the same priority, and print our latency beside it as ratios.")
    boolean compareCyclictest;

    @Option(names = "--rt-priority", paramLabel = "P", description = "SCHED_FIFO priority of the loop thread "
            + "(and of cyclictest); 0 = normal scheduling (default ${DEFAULT-VALUE}).")
    int rtPriority = 80;

    @Option(names = "--broker", paramLabel = "URI",
            description = "Broker for the telemetry figures, e.g. tcp://127.0.0.1:1883 (default: the embedded Moquette).")
    String broker;

    @Option(names = "--telemetry-records", paramLabel = "N", description = "Records for the throughput figure (default ${DEFAULT-VALUE}).")
    int telemetryRecords = 20_000;

    @Option(names = "--config", paramLabel = "DIR", description = "Device profile (default ${DEFAULT-VALUE}).")
    Path config = Path.of("config");

    private record Figure(String name, String value, String target, String verdict, String method) {
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        DeviceConfig cfg = ConfigLoader.load(config);
        List<Figure> figures = new ArrayList<>();
        Map<String, Object> raw = new LinkedHashMap<>();
        progress(out, "virtual-time speed (a 2000-point nappage session)");
        speed(cfg, figures, raw);
        progress(out, "allocation per tick");
        allocation(cfg, figures, raw);
        progress(out, "dose and depth accuracy, seeds 1.." + seeds + ", closed and open loop");
        accuracy(cfg, figures, raw);
        progress(out, "loop wake-up latency, " + latencySeconds + " s real time on the simulated gun");
        latency(cfg, figures, raw);
        progress(out, "telemetry through the journal at QoS 1, then 30 s at 10 records/s");
        telemetry(cfg, figures, raw);
        progress(out, "start-up and resident memory of `run` (child JVM, the board's JVM flags)");
        startup(figures, raw, config);
        if (json) {
            raw.put("figures", figures);
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(raw));
        } else {
            table(figures, out);
        }
        return 0;
    }

    private void progress(PrintStream out, String what) {
        if (!json) {
            out.println("measuring " + what + " ...");
        }
    }

    private static void speed(DeviceConfig cfg, List<Figure> figures, Map<String, Object> raw) {
        Scenario sc = Scenario.defaults().withProtocol("face-nappage").withDepth(1.5).withDose(10).withPoints(2000)
                .withNeedleLimit(150);
        run(cfg, sc.withPoints(200));   // warm-up
        RunResult r = run(cfg, sc);
        double ticksPerS = r.ticks() / (r.wallNanos() / 1e9);
        double sessionS = 30 * 60 * 1000 / ticksPerS;
        raw.put("virtualTicksPerS", Math.round(ticksPerS));
        figures.add(new Figure("virtual-time simulation speed", String.format(Locale.ROOT,
                "%,.0f ticks/s (30 min in %.2f s)", ticksPerS, sessionS), ">= 1,000,000 ticks/s",
                ticksPerS >= 1_000_000 ? "met" : "MISSED",
                "simulate --fast of 2000 nappage points: controller + physics + clinician, ticks / wall time"));
    }

    private static void allocation(DeviceConfig cfg, List<Figure> figures, Map<String, Object> raw) {
        AllocationProbe.Result r = new AllocationProbe(cfg, 3).run(200_000, 120_000, 3);
        long last = r.windowBytes()[r.windowBytes().length - 1];
        raw.put("allocationWindows", r.windowBytes());
        figures.add(new Figure("allocation in the steady-state loop", String.format(Locale.ROOT,
                "%.4f bytes/tick (windows of %d ticks: %s)", last / (double) r.ticksPerWindow(), r.ticksPerWindow(),
                java.util.Arrays.toString(r.windowBytes())), "0 bytes/tick", r.anyWindowClean() ? "met" : "MISSED",
                "ThreadMXBean bytes inside Controller.tick during nappage shots, after 200,000 warm-up ticks"));
    }

    private void accuracy(DeviceConfig cfg, List<Figure> figures, Map<String, Object> raw) {
        DeviceConfig open = noSensor(cfg);
        double closedMean = 0;
        double closedCv = 0;
        double openMean = 0;
        double openCv = 0;
        double depthSteps = 0;
        for (long seed = 1; seed <= seeds; seed++) {
            Scenario sc = Scenario.defaults().withPoints(450).withGapMs(50).withSeed(seed);
            RunResult c = run(cfg, sc);
            RunResult o = run(open, sc);
            closedMean = Math.max(closedMean, Math.abs(c.meanDoseErrorPct()));
            closedCv = Math.max(closedCv, c.doseCvPct());
            openMean = Math.max(openMean, Math.abs(o.meanDoseErrorPct()));
            openCv = Math.max(openCv, o.doseCvPct());
            depthSteps = Math.max(depthSteps, Math.max(c.maxAbsErrorSteps(), o.maxAbsErrorSteps()));
        }
        raw.put("dose", Map.of("closedWorstMeanErrorPct", closedMean, "closedWorstCvPct", closedCv,
                "openWorstMeanErrorPct", openMean, "openWorstCvPct", openCv));
        String method = "simulate --fast, 450 points of 20 uL draining 90 % of the syringe, worst of seeds 1.." + seeds
                + ", volumes as the simulator delivered them";
        figures.add(new Figure("dose accuracy, closed loop", String.format(Locale.ROOT,
                "|mean| <= %.2f %%, CV <= %.2f %%", closedMean, closedCv), "mean <= 1 %, CV <= 3 %",
                closedMean <= 1 && closedCv <= 3 ? "met" : "MISSED", method));
        figures.add(new Figure("dose accuracy, open loop (no plunger sensor)", String.format(Locale.ROOT,
                "|mean| <= %.2f %%, CV <= %.2f %%", openMean, openCv), "reported beside", "-", method));
        figures.add(new Figure("depth accuracy", String.format(Locale.ROOT, "%.2f true steps at worst", depthSteps),
                "+-1 step", depthSteps <= 1 ? "met" : "MISSED", "the simulator's true tip depth during each shot"));
    }

    private void latency(DeviceConfig cfg, List<Figure> figures, Map<String, Object> raw) {
        Scenario sc = Scenario.defaults().withProtocol("face-nappage").withPoints(Math.max(10, latencySeconds * 4));
        RunResult r = new SimulationRun(cfg, sc, null, EventSink.NONE, true).withRealtime(rtPriority, -1).run();
        LoopStats s = r.realTimeLoop();
        raw.put("loopLatencyUs", s);
        if (compareCyclictest) {
            int seconds = (int) Math.max(1, Math.round(r.virtualNanos() / 1e9));
            Cyclictest.Result c = Cyclictest.run(seconds, (int) (cfg.loop().periodNanos() / 1000), Math.max(1, rtPriority));
            raw.put("cyclictestUs", c);
            if (c.error() != null) {
                figures.add(new Figure("cyclictest (the machine's floor)", "not measured: " + c.error(), "-", "-",
                        "cyclictest -m -p " + rtPriority + " -i 1000"));
            } else {
                double r99 = s.p99Micros() / Math.max(1, c.p99());
                double r999 = s.p999Micros() / Math.max(1, c.p999());
                double rMax = s.maxMicros() / Math.max(1, c.max());
                figures.add(new Figure("cyclictest, same time and period", String.format(Locale.ROOT,
                        "p50 %.0f, p99 %.0f, p99.9 %.0f, max %.0f us over %d samples", c.p50(), c.p99(), c.p999(),
                        c.max(), c.samples()), "-", "-", "cyclictest -m -p " + Math.max(1, rtPriority)
                        + " -i 1000 -l N -q -h 20000, run right after ours"));
                figures.add(new Figure("loop latency / cyclictest", String.format(Locale.ROOT,
                        "p99 x%.2f, p99.9 x%.2f, max x%.2f", r99, r999, rMax), "p99, p99.9 <= x1.0; max <= x1.5",
                        r99 <= 1.0 && r999 <= 1.0 && rMax <= 1.5 ? "met" : "MISSED", "ratio of the two rows above"));
            }
        }
        figures.add(new Figure("loop wake-up latency at 1 kHz", String.format(Locale.ROOT,
                "p50 %.1f, p99 %.1f, p99.9 %.1f, max %.1f us; %d overruns in %d ticks", s.p50Micros(),
                s.p99Micros(), s.p999Micros(), s.maxMicros(), s.overruns(), s.ticks()),
                "p99, p99.9 <= cyclictest's; max <= 1.5x", compareCyclictest ? "see the ratios" : "--compare-cyclictest",
                String.format(Locale.ROOT, "simulate in real time (%.0f s), loop runner on the simulated gun, SCHED_FIFO %d "
                        + "(%s), no telemetry", r.virtualNanos() / 1e9, rtPriority, rtPriority > 0 ? "needs root" : "off")));
    }

    private void telemetry(DeviceConfig cfg, List<Figure> figures, Map<String, Object> raw) throws Exception {
        org.mesogun.telemetry.TelemetryBench.Result r = org.mesogun.telemetry.TelemetryBench.run(broker, cfg.protocols(),
                telemetryRecords, 300);
        raw.put("telemetry", r);
        figures.add(new Figure("telemetry records/s through the journal", String.format(Locale.ROOT, "%,.0f records/s",
                r.recordsPerS()), "reported", "-", String.format(Locale.ROOT, "%,d injection records on the ring sink,"
                + " journaled (CRC, fsync per batch) and published at QoS 1 to %s, until the last PUBACK",
                r.records(), r.broker())));
        figures.add(new Figure("telemetry end-to-end latency at 10 records/s", String.format(Locale.ROOT,
                "p50 %.1f, p99 %.1f, max %.1f ms (%d records)", r.p50Ms(), r.p99Ms(), r.maxMs(), r.latencySamples()),
                "reported", "-", "ring sink emit -> QoS-1 subscriber on " + r.broker() + ", same machine"));
    }

    private static void startup(List<Figure> figures, Map<String, Object> raw, Path config) {
        StartupProbe.Result r = StartupProbe.run(config);
        raw.put("startup", r);
        String method = "java " + String.join(" ", StartupProbe.BOARD_FLAGS)
                + " -jar mesogun.jar run --mock-platform; times from process start, RSS 2 s after running";
        if (r.error() != null) {
            figures.add(new Figure("start-up time and resident memory", "not measured: " + r.error(), "-", "-", method));
            return;
        }
        figures.add(new Figure("start-up: JVM start to self-test", String.format(Locale.ROOT, "%.0f ms (loop running at %.0f ms)",
                r.toSelfTestMs(), r.toRunningMs()), "<= 1.5 s", r.toSelfTestMs() <= 1500 ? "met" : "MISSED", method));
        figures.add(new Figure("resident memory", String.format(Locale.ROOT, "%.0f MB", r.rssMb()), "<= 150 MB",
                r.rssMb() <= 150 ? "met" : "MISSED", method));
    }

    private static RunResult run(DeviceConfig cfg, Scenario sc) {
        return new SimulationRun(cfg, sc, null, EventSink.NONE, false).run();
    }

    private static DeviceConfig noSensor(DeviceConfig cfg) {
        var p = cfg.plunger();
        return new DeviceConfig(cfg.device(), cfg.loop(), cfg.inputs(), cfg.mechanics(), cfg.valve(), cfg.syringe(),
                new org.mesogun.config.PlungerConfig(false, p.resolutionUm()), cfg.needle(), cfg.session(), cfg.pins(),
                cfg.protocols(), cfg.mqtt(), cfg.serial(), cfg.storage(), cfg.sourceSha256());
    }

    private static void table(List<Figure> figures, PrintStream out) {
        out.println();
        out.printf("%-44s %-58s %-30s %s%n", "figure", "measured", "target", "verdict");
        for (Figure f : figures) {
            out.printf("%-44s %-58s %-30s %s%n", f.name(), f.value(), f.target(), f.verdict());
            out.printf("    method: %s%n", f.method());
        }
    }
}
