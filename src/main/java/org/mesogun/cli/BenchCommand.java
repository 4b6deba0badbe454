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
import com.pi4j.context.Context;
import java.nio.file.Files;
import org.mesogun.app.ValveTimingProbe;
import org.mesogun.config.ConfigLoader;
import org.mesogun.config.DeviceConfig;
import org.mesogun.config.Mode;
import org.mesogun.config.MqttConfig;
import org.mesogun.config.Protocol;
import org.mesogun.controller.EventSink;
import org.mesogun.controller.State;
import org.mesogun.telemetry.TeeSink;
import org.mesogun.telemetry.TelemetryLaunch;
import org.mesogun.harness.AllocationProbe;
import org.mesogun.harness.RunResult;
import org.mesogun.harness.Scenario;
import org.mesogun.harness.SimulationRun;
import org.mesogun.loop.LoopStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The figures of requirements §11, each beside its target, its verdict and its method; {@code --json} for
 * machines, {@code --compare-cyclictest} for the machine's own latency floor in the same run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure the requirements §11 figures on this machine and print them beside their targets.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Option(names = "--latency-seconds", paramLabel = "S", description = "Real-time loop run (default ${DEFAULT-VALUE}).")
    int latencySeconds = 60;

    @Option(names = "--valve-pulses", paramLabel = "N", description = "Pulses for the valve open-time error (default ${DEFAULT-VALUE}).")
    int valvePulses = 1000;

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
        progress(out, "loop wake-up latency, " + latencySeconds + " s real time on the simulated gun, telemetry on");
        latency(cfg, figures, raw);
        progress(out, "the loop inside the whole `run` (child JVM, unit's flags), " + latencySeconds
                + " s: console busy, broker stopped and back, backlog replayed, JVM pauses measured");
        fullRun(cfg, figures, raw);
        progress(out, "valve open-time error, " + valvePulses + " pulses on the board's valve driver");
        valve(cfg, figures, raw);
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

    private void latency(DeviceConfig cfg, List<Figure> figures, Map<String, Object> raw) throws Exception {
        // The highest shot rate the profile allows, so telemetry is as busy as a session gets.
        Protocol fastest = cfg.protocols().stream().filter(p -> p.mode() == Mode.NAPPAGE)
                .max(java.util.Comparator.comparingDouble(Protocol::shotsPerS)).orElseThrow(
                        () -> new IllegalStateException("the profile has no nappage protocol"));
        Scenario sc = Scenario.defaults().withProtocol(fastest.name())
                .withPoints((int) Math.max(10, latencySeconds * fastest.shotsPerS()));
        HomingWatch homing = new HomingWatch();
        Path journal = Files.createTempDirectory("mesogun-bench-journal");
        RunResult r;
        long journaled;
        long acked;
        String brokerUri;
        try (TelemetryLaunch t = TelemetryLaunch.start(cfg, config, broker != null ? broker : MqttConfig.EMBEDDED,
                VersionProvider.version(), m -> { }, journal)) {
            brokerUri = t.brokerUri();
            r = new SimulationRun(cfg, sc, null, homing, true).withTelemetry(t)
                    .withRealtime(rtPriority, -1).run();
            t.telemetry().awaitAcknowledged(10_000);
            long base = t.telemetry().journal().recovery().lastSeq();
            journaled = t.telemetry().journal().durableSeq() - base;
            acked = t.telemetry().journal().ackedSeq() - base;
        } finally {
            org.mesogun.config.AtomicFiles.deleteTree(journal);   // a bench leaves no journal in /tmp
        }
        LoopStats s = r.realTimeLoop();
        raw.put("loopLatencyUs", s);
        raw.put("loopTelemetry", Map.of("records", journaled, "acknowledged", acked, "broker", brokerUri));
        String setting = String.format(Locale.ROOT, "simulate in real time (%.0f s, %s at %.0f shots/s, %d points), "
                + "loop runner on the simulated gun, SCHED_FIFO %d (%s); meanwhile %d telemetry records journaled "
                + "and published at QoS 1 to %s (%d acknowledged)", r.virtualNanos() / 1e9, fastest.name(),
                fastest.shotsPerS(), r.delivered(), rtPriority, rtPriority > 0 ? "needs root" : "off", journaled,
                brokerUri, acked);
        if (compareCyclictest) {
            int seconds = (int) Math.max(1, Math.round(r.virtualNanos() / 1e9));
            Cyclictest.Result c = Cyclictest.run(seconds, (int) (cfg.loop().periodNanos() / 1000), Math.max(1, rtPriority));
            raw.put("cyclictestUs", c);
            cyclictest = c;
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
                setting));
        raw.put("homingMs", homing.millis());
        figures.add(new Figure("homing (reported separately from start-up)", homing.millis() < 0 ? "did not home"
                : String.format(Locale.ROOT, "%.0f ms", homing.millis()), "reported", "-",
                "the same real-time run: HOMING entered to left, on the simulated mechanics at the profile's homing rate"));
    }

    private Cyclictest.Result cyclictest;

    private void fullRun(DeviceConfig cfg, List<Figure> figures, Map<String, Object> raw) {
        Protocol fastest = cfg.protocols().stream().filter(p -> p.mode() == Mode.NAPPAGE)
                .max(java.util.Comparator.comparingDouble(Protocol::shotsPerS)).orElseThrow();
        FullRunBench.Result r = FullRunBench.run(cfg, config, fastest.name(), (int) Math.ceil(fastest.shotsPerS()),
                latencySeconds, rtPriority, broker);
        raw.put("fullRun", r);
        if (r.error() != null) {
            figures.add(new Figure("loop latency in the whole run", "not measured: " + r.error(), "-", "-",
                    "bench from the jar: java -jar target/mesogun.jar bench"));
            return;
        }
        String method = FullRunBench.describe(r);
        String ratio = "--compare-cyclictest";
        String verdict = "-";
        if (cyclictest != null && cyclictest.error() == null) {
            double r99 = r.p99Us() / Math.max(1, cyclictest.p99());
            double r999 = r.p999Us() / Math.max(1, cyclictest.p999());
            double rMax = r.maxUs() / Math.max(1, cyclictest.max());
            ratio = String.format(Locale.ROOT, "p99 x%.2f, p99.9 x%.2f, max x%.2f of cyclictest", r99, r999, rMax);
            verdict = r99 <= 1.0 && r999 <= 1.0 && rMax <= 1.5 ? "met" : "MISSED";
        }
        figures.add(new Figure("loop latency in the whole run, disturbed", String.format(Locale.ROOT,
                "p50 %.1f, p99 %.1f, p99.9 %.1f, max %.1f us; %d overruns in %d ticks; %s", r.p50Us(), r.p99Us(),
                r.p999Us(), r.maxUs(), r.overruns(), r.ticks(), ratio), "p99, p99.9 <= x1.0; max <= x1.5", verdict,
                method));
        figures.add(new Figure("JVM stop-the-world pauses in the whole run", String.format(Locale.ROOT,
                "GC %.2f ms, safepoint operation %.2f ms, time to safepoint %.2f ms (longest)", r.gcMs(),
                r.safepointOpMs(), r.ttspMs()), "reported (a pause delays the loop's wake-up)", "-",
                "the child's flight recorder (jdk.GarbageCollection, jdk.ExecuteVMOperation, jdk.SafepointBegin), same run"));
    }

    /** When the machine entered and left HOMING (first time), from its own events. */
    private static final class HomingWatch implements EventSink {
        private long enteredAt = -1;
        private long leftAt = -1;

        @Override
        public void stateChanged(long now, State from, State to) {
            if (to == State.HOMING && enteredAt < 0) {
                enteredAt = now;
            } else if (from == State.HOMING && enteredAt >= 0 && leftAt < 0) {
                leftAt = now;
            }
        }

        double millis() {
            return leftAt < 0 ? -1 : (leftAt - enteredAt) / 1e6;
        }
    }

    private void valve(DeviceConfig cfg, List<Figure> figures, Map<String, Object> raw) {
        Context context = RunCommand.mockContext();
        ValveTimingProbe.Result v;
        try {
            v = ValveTimingProbe.run(cfg, context, valvePulses, 1, rtPriority);
        } finally {
            context.shutdown();
        }
        raw.put("valveOpenTimeErrorUs", v);
        String method = String.format(Locale.ROOT, "%d pulses of %d..%d ms through the board's valve driver "
                + "(PwmDoseValve, its timer thread (%s), Pi4J mock PWM); after each command the commanding thread stays "
                + "away up to %.1f ms like a late loop; executed = PWM on to PWM off as the driver times it; "
                + "%d refused", v.pulses(), 1, Math.min(30, cfg.valve().maxOpenMs()), v.timerScheduling(), v.worstLatenessMs(), v.refused());
        if (v.error() != null) {
            figures.add(new Figure("valve open-time error", "not measured: " + v.error(), "p99 <= 100 us", "-", method));
            return;
        }
        figures.add(new Figure("valve open-time error (executed - commanded)", String.format(Locale.ROOT,
                "p50 %.0f, p99 %.0f, max %.0f us (min %.0f)", v.p50Us(), v.p99Us(), v.maxUs(), v.minUs()),
                "p99 <= 100 us; max reported", Math.abs(v.p99Us()) <= 100 && v.minUs() >= -100 ? "met" : "MISSED",
                method));
    }

    private void telemetry(DeviceConfig cfg, List<Figure> figures, Map<String, Object> raw) throws Exception {
        org.mesogun.telemetry.TelemetryBench.Result r = org.mesogun.telemetry.TelemetryBench.run(broker, cfg.protocols(),
                telemetryRecords, 300);
        raw.put("telemetry", r);
        figures.add(new Figure("telemetry records/s through the journal", String.format(Locale.ROOT, "%,.0f records/s",
                r.recordsPerS()), ">= 5,000 records/s", r.recordsPerS() >= 5_000 ? "met" : "MISSED", String.format(Locale.ROOT, "%,d injection records on the ring sink,"
                + " journaled (CRC, fsync per batch) and published at QoS 1 to %s, until the last PUBACK",
                r.records(), r.broker())));
        figures.add(new Figure("telemetry end-to-end latency at 10 records/s", String.format(Locale.ROOT,
                "p50 %.1f, p99 %.1f, max %.1f ms (%d records)", r.p50Ms(), r.p99Ms(), r.maxMs(), r.latencySamples()),
                "p99 <= 20 ms", r.p99Ms() <= 20 ? "met" : "MISSED", "ring sink emit -> QoS-1 subscriber on " + r.broker() + ", same machine"));
    }

    private static void startup(List<Figure> figures, Map<String, Object> raw, Path config) {
        StartupProbe.Result r = StartupProbe.run(config);
        raw.put("startup", r);
        String method = "java " + String.join(" ", StartupProbe.BOARD_FLAGS)
                + " -jar mesogun.jar run --mock-platform --broker <a broker outside the child> (console, telemetry, journal:"
                + " the whole service); times from process start, RSS 2 s after running";
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
