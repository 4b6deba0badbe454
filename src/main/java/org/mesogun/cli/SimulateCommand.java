package org.mesogun.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mesogun.config.ConfigException;
import org.mesogun.config.ConfigLoader;
import org.mesogun.config.DeviceConfig;
import org.mesogun.config.Mode;
import org.mesogun.config.Protocol;
import org.mesogun.harness.ConsoleProgress;
import org.mesogun.harness.RunResult;
import org.mesogun.harness.Scenario;
import org.mesogun.harness.ScenarioLoader;
import org.mesogun.harness.SimulationRun;
import org.mesogun.harness.Violation;
import org.mesogun.simulator.SelfTest;
import org.mesogun.telemetry.TelemetryLaunch;
import org.mesogun.simulator.SimSpec;
import org.mesogun.simulator.SimulatedGun;
import org.mesogun.simulator.VirtualClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The main job: the controller on the simulated gun, with a simulated clinician. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the controller against the simulated gun: a simulated clinician primes, starts a "
                + "session, injects, changes needles when the gun asks, and ends. The simulator judges safety "
                + "from its true state; the exit status is 1 when it saw any violation.", ""})
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--fast", description = "Virtual time, as fast as the machine allows (default: real time).")
    boolean fast;

    @Option(names = "--scenario", paramLabel = "FILE", description = "Scenario file (see config/scenarios/).")
    Path scenarioFile;

    @Option(names = "--protocol", paramLabel = "NAME", description = "Protocol from the device profile.")
    String protocol;

    @Option(names = "--mode", paramLabel = "MODE", description = "point, nappage or perfusion: the first protocol of that mode.")
    String mode;

    @Option(names = "--depth", paramLabel = "MM", description = "Depth set on the panel.")
    Double depthMm;

    @Option(names = "--dose", paramLabel = "UL", description = "Dose per point set on the panel.")
    Double doseUl;

    @Option(names = "--points", paramLabel = "N", description = "Points to deliver.")
    Integer points;

    @Option(names = "--needle-limit", paramLabel = "N", description = "Punctures per needle, in place of the profile's puncture_limit.")
    Integer needleLimit;

    @Option(names = "--seed", paramLabel = "N", description = "Simulator seed.")
    Long seed;

    @Option(names = "--fault", paramLabel = "NAME@POINT",
            description = "Inject a simulator fault as point POINT starts (repeatable). Faults: ${COMPLETION-CANDIDATES}",
            completionCandidates = FaultNames.class)
    List<String> faults = new ArrayList<>();

    @Option(names = "--world", paramLabel = "KEY=VALUE,...",
            description = "The world the gun must survive, over the scenario's: true hardware and the saved "
                    + "calibration (keys in config/scenarios/README.md, e.g. bore_mm=13.3,cal_zero_error_mm=0.25).")
    String world;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the summary as JSON.")
    Path report;

    @Option(names = "--config", paramLabel = "DIR", description = "Device profile (default ${DEFAULT-VALUE}).")
    Path config = Path.of("config");

    @Option(names = "--broker", paramLabel = "URI|none",
            description = "MQTT broker for telemetry (tcp://host:port, ssl://host:port) or none; default: the "
                    + "profile's mqtt.broker (embedded: an in-process broker on a free loopback port).")
    String broker;

    @Option(names = "--serial", description = "Technician console: open a pseudo-terminal pair (socat), print the "
            + "path to connect to (screen PATH 115200), run the simulated gun in real time with no clinician, "
            + "telemetry on as without --serial, until stopped (Ctrl-C or SIGTERM).")
    boolean serial;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Calibration, accounts, needle counters, audit log (with --serial) and the telemetry journal "
                    + "(default: the profile's storage.data_dir).")
    Path dataDir;

    @Option(names = "--self-test", description = "Only the simulator self-test: home, move to depth, one test shot.")
    boolean selfTest;

    static final class FaultNames extends ArrayList<String> {
        FaultNames() {
            for (var f : org.mesogun.simulator.SimFault.values()) {
                add(f.cliName());
            }
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        if (selfTest) {
            return selfTest(out);
        }
        DeviceConfig cfg;
        Scenario sc;
        try {
            cfg = ConfigLoader.load(config);
            sc = scenario(cfg);
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("simulate: " + e.getMessage());
            return 2;
        }
        if (serial) {
            if (broker != null && !"none".equals(broker) && org.mesogun.config.MqttConfig.brokerProblemOf(broker) != null) {
                System.err.println("simulate: --broker " + org.mesogun.config.MqttConfig.brokerProblemOf(broker));
                return 2;
            }
            return SerialMode.run(cfg, config, dataDir != null ? dataDir : cfg.storage().dataPath(config), sc.seed(), broker,
                    out);
        }
        out.printf(Locale.ROOT, "mesogun simulate: %s, %d points, seed %d, %s%n", sc.protocol(), sc.points(),
                sc.seed(), fast ? "virtual time (--fast)" : "real time (add --fast for virtual time)");
        if (broker != null && !"none".equals(broker) && org.mesogun.config.MqttConfig.brokerProblemOf(broker) != null) {
            System.err.println("simulate: --broker " + org.mesogun.config.MqttConfig.brokerProblemOf(broker));
            return 2;
        }
        RunResult r;
        Path journal = cfg.mqtt().journalPath(dataDir != null ? dataDir : cfg.storage().dataPath(config));
        try (TelemetryLaunch telemetry = TelemetryLaunch.start(cfg, config, broker, VersionProvider.version(),
                System.err::println, journal)) {
            out.println(telemetry.subscribeHint() == null ? "telemetry: MQTT off, journal in " + journal
                    : "telemetry: " + telemetry.brokerUri() + "; watch it with: " + telemetry.subscribeHint());
            SimulationRun run = new SimulationRun(cfg, sc, fast ? null : out::println,
                    new ConsoleProgress(out, cfg.protocols()), !fast).withTelemetry(telemetry);
            r = run.run();
            telemetry.telemetry().awaitAcknowledged(telemetry.brokerUri() == null ? 0 : 5_000);
            out.printf(Locale.ROOT, "telemetry: %d records journaled, %d awaiting the broker%n",
                    telemetry.telemetry().journal().durableSeq() - telemetry.telemetry().journal().recovery().lastSeq(),
                    telemetry.telemetry().journal().backlog());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        } catch (ConfigException e) {
            System.err.println("simulate: " + e.getMessage());
            return 2;
        }
        summary(r, out);
        if (report != null) {
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            Path parent = report.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            json.writeValue(report.toFile(), r.report());
            out.println("report written to " + report);
        }
        return r.violations().isEmpty() ? 0 : 1;
    }

    private Scenario scenario(DeviceConfig cfg) {
        Scenario sc = scenarioFile != null ? ScenarioLoader.load(scenarioFile) : Scenario.defaults();
        if (mode != null) {
            Mode m;
            try {
                m = Mode.valueOf(mode.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--mode: '" + mode + "' is not point, nappage or perfusion");
            }
            sc = sc.withProtocol(cfg.protocols().stream().filter(p -> p.mode() == m).findFirst()
                    .map(Protocol::name).orElseThrow(() -> new IllegalArgumentException(
                            "--mode: no " + mode + " protocol in the device profile")));
        }
        if (protocol != null) {
            sc = sc.withProtocol(protocol);
        }
        if (cfg.protocol(sc.protocol()).isEmpty()) {
            throw new IllegalArgumentException("no protocol '" + sc.protocol() + "'; known: "
                    + cfg.protocols().stream().map(Protocol::name).toList());
        }
        if (depthMm != null) {
            sc = sc.withDepth(depthMm);
        }
        if (doseUl != null) {
            sc = sc.withDose(doseUl);
        }
        if (points != null) {
            if (points < 1) {
                throw new IllegalArgumentException("--points: at least 1");
            }
            sc = sc.withPoints(points);
        }
        if (needleLimit != null) {
            if (needleLimit < 1) {
                throw new IllegalArgumentException("--needle-limit: at least 1");
            }
            sc = sc.withNeedleLimit(needleLimit);
        }
        if (seed != null) {
            sc = sc.withSeed(seed);
        }
        if (world != null) {
            sc = sc.withWorld(sc.world().withAll(world));
        }
        if (!faults.isEmpty()) {
            List<Scenario.FaultAt> all = new ArrayList<>(sc.faults());
            for (String f : faults) {
                all.add(ScenarioLoader.parseFault(f));
            }
            all.sort((a, b) -> Integer.compare(a.point(), b.point()));
            sc = sc.withFaults(all);
        }
        return sc;
    }

    private static void summary(RunResult r, PrintStream out) {
        out.println();
        out.println("summary");
        out.printf(Locale.ROOT, "  points     %d of %d delivered, %d aborted%s%n", r.delivered(), r.scenario().points(),
                r.aborted(), r.notDelivered() > 0 ? " (" + r.notDelivered() + " with nothing delivered)" : "");
        out.printf(Locale.ROOT, "  depth      target %.2f mm, max error %.2f true steps, deepest true tip %.4f mm%n",
                r.depthMm(), r.maxAbsErrorSteps(), r.maxTrueDepthMm());
        // The mean and CV are over the shots that put product into the skin; the points that put
        // none are counted above, not averaged in as -100 %.
        out.printf(Locale.ROOT, "  dose       target %.1f uL, mean error %+.2f %%, CV %.2f %% over %d shots into the skin"
                + " (%s), %.1f uL in all%n", r.doseUl(), r.meanDoseErrorPct(), r.doseCvPct(),
                r.judge().intoSkinShotsUl().size(), r.settings().closedLoop() ? "closed loop" : "open loop",
                r.totalIntoSkinUl());
        out.printf(Locale.ROOT, "  needles    %d used, at most %d punctures on one (limit %d)%n", r.needlesUsed(),
                r.maxPuncturesOnANeedle(), r.settings().punctureLimit());
        if (!r.scenario().world().isDefault()) {
            out.println("  world      " + r.scenario().world());
        }
        out.printf(Locale.ROOT, "  simulator  true %.1f steps/mm (%+.1f %%), flow %+.1f %% off nominal, shot noise %.0f %%%n",
                r.spec().trueStepsPerMm, r.spec().stepsPerMmErrorPct(), r.spec().flowErrorPct(),
                r.spec().shotNoiseSigma * 100);
        for (var f : r.faults()) {
            out.printf(Locale.ROOT, "  fault      %s at point %d: %s, detected in %d ticks, safe %d ticks later%n",
                    f.fault(), f.atPoint(), f.code(), f.ticksToDetect(), f.ticksToSafe());
        }
        out.printf(Locale.ROOT, "  loop       %d ticks, %d missed (loop paused), %.1f s virtual in %.2f s wall%n",
                r.ticks(), r.overruns(), r.virtualNanos() / 1e9, r.wallNanos() / 1e9);
        out.printf(Locale.ROOT, "  harm       %.2f uL delivered past a pulse's end (stuck valve)%n", r.judge().excessUl());
        if (r.clinicianGaveUp()) {
            out.println("  clinician  gave up: " + r.notes().get(r.notes().size() - 1));
        }
        if (r.violations().isEmpty()) {
            out.println("  safety     no violation (judged by the simulator from its true state)");
        } else {
            out.printf("  safety     %d VIOLATIONS:%n", r.violations().size());
            for (Violation v : r.violations()) {
                out.printf(Locale.ROOT, "    %s at %.3f s: %s%n", v.requirement(), v.atNanos() / 1e9, v.what());
            }
        }
    }

    private int selfTest(PrintStream out) {
        SimSpec spec = SimSpec.defaults(seed == null ? 1 : seed);
        try (SimulatedGun gun = new SimulatedGun(spec, new VirtualClock(0))) {
            SelfTest.Result r = new SelfTest(gun).run(20.0, spec.nominalStepsPerMm, spec.nominalFlowUlPerMs,
                    depthMm == null ? 1.0 : depthMm, doseUl == null ? 20.0 : doseUl, 1.0);
            SelfTest.print(r, spec, out);
            return r.homed() && r.parkFlagAtPark() ? 0 : 1;
        }
    }
}
