package org.mesogun.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.mesogun.config.Calibration;
import org.mesogun.controller.safety.FaultCode;
import org.mesogun.controller.safety.NeedleCounters;
import org.mesogun.harness.Scenario;
import org.mesogun.harness.ScenarioLoader;
import org.mesogun.harness.SimFixtures;
import org.mesogun.harness.SimulationRun;
import org.mesogun.simulator.SimFault;
import org.mesogun.simulator.SimSpec;
import org.mesogun.simulator.SimulatedGun;
import org.mesogun.simulator.VirtualClock;

/**
 * Behaviour kept exactly: seeded runs that together reach every state of the machine and the
 * faults the simulator can raise (every mode, the fault matrix, syringe changes, service mode,
 * hold and reset, shutdown, random sessions) are traced tick by tick ({@link MachineTrace}) and
 * compared with the traces recorded in {@code src/test/resources/machine-traces.txt}. A refactor of
 * the state machine must reproduce every one; a change of behaviour shows as the first second of
 * virtual time whose digest differs. After an intended change of behaviour, record anew with
 * {@code mvn test -Dtest=MachineTraceTest -Dmesogun.traces.record=true} and say why in the commit.
 */
class MachineTraceTest {

    static final Path RECORDED = Path.of("src", "test", "resources", "machine-traces.txt");
    static final int RANDOM_PLANS = 40;

    /** Every run of the set, by name, in a fixed order. */
    static Map<String, Consumer<MachineTrace>> runs() throws IOException {
        Map<String, Consumer<MachineTrace>> runs = new LinkedHashMap<>();
        try (var files = Files.list(Path.of("config", "scenarios"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                Scenario sc = ScenarioLoader.load(f);
                runs.put("scenario " + f.getFileName(), t -> simulate(sc, t));
            }
        }
        for (String protocol : List.of("face-point", "face-nappage", "body-perfusion")) {
            for (SimFault fault : SimFault.values()) {
                Scenario sc = Scenario.defaults().withProtocol(protocol).withPoints(14).withNeedleLimit(6)
                        .withFaults(List.of(new Scenario.FaultAt(fault, 5)));
                runs.put("fault " + fault.cliName() + " in " + protocol, t -> simulate(sc, t));
            }
        }
        // Big doses drain the syringe mid-session: the machine asks for a new one and primes it.
        Scenario drain = Scenario.defaults().withProtocol("body-perfusion").withPoints(120).withSeed(5);
        runs.put("syringe change (perfusion, 120 points)", t -> simulate(drain, t));
        // A syringe far wider than the profile's: the plunger sees half the dose, out of tolerance.
        Scenario wide = Scenario.defaults().withPoints(10).withWorld(org.mesogun.harness.GunWorld.parse("bore_mm=20"));
        runs.put("syringe of another bore (20 mm, profile 14.5)", t -> simulate(wide, t));
        runs.put("service, hold, reset, stall, shutdown", t -> serviceRun(t, true));
        runs.put("uncalibrated: service, then no arming", t -> serviceRun(t, false));
        for (long seed = 1; seed <= 10; seed++) {
            // A machine that lets presets change a running session: the monitor's vetoes, traced too.
            RandomSession.Plan plan = RandomSession.plan(seed, 20_000 * RandomSession.MS);
            runs.put("random plan " + seed + ", mid-session presets", t -> RandomSession.run(plan, true, true, t));
        }
        for (long seed = 1; seed <= RANDOM_PLANS; seed++) {
            RandomSession.Plan plan = RandomSession.plan(seed, 20_000 * RandomSession.MS);
            runs.put("random plan " + seed, t -> RandomSession.run(plan, true, false, t));
        }
        return runs;
    }

    @Test
    void everyRecordedRunIsReproducedTickForTick() throws IOException {
        Map<String, String> recorded = new LinkedHashMap<>();
        if (Files.exists(RECORDED)) {
            for (String l : Files.readAllLines(RECORDED, StandardCharsets.UTF_8)) {
                if (!l.isBlank() && !l.startsWith("#")) {
                    recorded.put(l.substring(0, l.indexOf(" ticks=")), l);
                }
            }
        }
        boolean record = Boolean.getBoolean("mesogun.traces.record");
        List<String> lines = new ArrayList<>();
        List<String> differ = new ArrayList<>();
        EnumSet<State> states = EnumSet.noneOf(State.class);
        EnumSet<FaultCode> faults = EnumSet.noneOf(FaultCode.class);
        for (var run : runs().entrySet()) {
            MachineTrace t = new MachineTrace();
            run.getValue().accept(t);
            states.addAll(t.states);
            faults.addAll(t.faults);
            String line = t.line(run.getKey());
            lines.add(line);
            String was = recorded.get(run.getKey());
            if (!line.equals(was)) {
                differ.add(run.getKey() + ": " + (was == null ? "not recorded" : firstDifference(was, line)));
            }
        }
        if (record) {
            Files.writeString(RECORDED, "# MachineTraceTest: one line per run (see the test for how to record anew)\n"
                    + String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            return;
        }
        assertEquals(EnumSet.allOf(State.class), states, "the recorded runs reach every state");
        // The faults these runs latch. Not among them: the monitor's vetoes (depth, sequence, volume,
        // rate, valve not closed), which a correct machine never provokes and which the safety
        // tests reach on the monitor directly; the needle lock-out, self-test and internal errors,
        // which need a start state these runs do not set up; a dose out of tolerance, which the
        // 20 mm bore used to reach and the priming cross-check now stops first (DoseCheckTest); the
        // valve-time bound, which perfusion's occlusion used to reach and which is now said as
        // nothing delivered (DoseTimeTest reaches it on the monitor).
        EnumSet<FaultCode> reached = EnumSet.of(FaultCode.LOOP_LATE,
                FaultCode.LOOP_STALLED, FaultCode.ENCODER_MISMATCH, FaultCode.PARK_FLAG_STUCK, FaultCode.HOMING_FAILED,
                FaultCode.DOSE_NOT_DELIVERED, FaultCode.SYRINGE_MISMATCH, FaultCode.VALVE_LEAK,
                FaultCode.SENSOR_IMPLAUSIBLE, FaultCode.CALIBRATION_INVALID, FaultCode.STOP_PRESSED,
                FaultCode.NEEDLE_HUB_OPENED, FaultCode.TRIGGER_STUCK);
        assertTrue(faults.containsAll(reached), "the recorded runs latch " + faults + ", not all of " + reached);
        assertEquals(List.of(), differ, "runs whose trace differs from the recorded one");
    }

    /** A seeded run replays exactly, and the digest sees one action fewer. */
    @Test
    void aSeededRunReplaysExactlyAndOneActionFewerIsSeen() {
        RandomSession.Plan plan = RandomSession.plan(3, 20_000 * RandomSession.MS);
        MachineTrace a = new MachineTrace();
        MachineTrace b = new MachineTrace();
        RandomSession.run(plan, true, false, a);
        RandomSession.run(plan, true, false, b);
        assertEquals(a.line("x"), b.line("x"), "a seeded run replays exactly");
        // Some action of the plan changes what the gun does; without it, the trace differs.
        boolean seen = false;
        for (int i = 0; i < plan.events().size() && !seen; i++) {
            MachineTrace c = new MachineTrace();
            RandomSession.run(plan.without(i, i + 1), true, false, c);
            seen = !a.line("x").equals(c.line("x"));
        }
        assertTrue(seen, "no single action of the plan changes the trace: " + plan.events());
    }

    private static void simulate(Scenario sc, MachineTrace t) {
        new SimulationRun(RandomSession.CONFIG, sc, null, EventSink.NONE, false).withTickTap(t).run();
    }

    /**
     * The technician's path through the machine, scripted on the mailbox as the console posts it:
     * SERVICE ON, HOME, JOG out and back, ZERO, PRIME, a test-shot series held mid-way and reset,
     * ACK, SERVICE OFF; then a clean shutdown.
     */
    static void serviceRun(MachineTrace t, boolean calibrated) {
        SimSpec spec = SimSpec.builder().seed(11).build();
        Calibration cal = SimFixtures.factoryCalibration(spec);
        ControllerSettings s = SettingsFactory.from(RandomSession.CONFIG, cal, calibrated,
                calibrated ? null : "no calibration: uncalibrated factory nominal");
        VirtualClock clock = new VirtualClock(0);
        SimulatedGun gun = new SimulatedGun(spec, clock);
        gun.loadSyringe(spec.syringeVolumeUl);
        ServiceMailbox mb = new ServiceMailbox();
        Controller c = new Controller(gun, s, NeedleCounters.inMemory(), t, mb, false);
        long[] now = {0};
        Runnable tick = () -> {
            clock.advance(s.periodNanos());
            now[0] = clock.nanoTime();
            gun.advanceTo(now[0]);
            c.tick(now[0]);
            t.tick(now[0], c);
        };
        java.util.function.IntConsumer run = ms -> {
            for (int i = 0; i < ms; i++) {
                tick.run();
            }
        };
        java.util.function.BiConsumer<ServiceMailbox.Op, double[]> ask = (op, arg) -> {
            mb.post(op, arg[0], (int) arg[1]);
            for (int i = 0; i < 30_000 && mb.poll() == null; i++) {
                tick.run();
            }
        };
        run.accept(5_000);   // homing on its calibration
        ask.accept(ServiceMailbox.Op.SERVICE_ON, new double[] {0, 0});
        ask.accept(ServiceMailbox.Op.HOME, new double[] {0, 0});
        ask.accept(ServiceMailbox.Op.JOG, new double[] {2.0, 0});
        ask.accept(ServiceMailbox.Op.JOG, new double[] {-2.0, 0});
        ask.accept(ServiceMailbox.Op.ZERO, new double[] {0, 0});
        ask.accept(ServiceMailbox.Op.PRIME, new double[] {0, 5});
        ask.accept(ServiceMailbox.Op.TESTSHOT, new double[] {10, 3});
        mb.post(ServiceMailbox.Op.TESTSHOT, 20, 20);
        run.accept(700);
        mb.requestHold();    // the console's '!' mid-series
        run.accept(500);
        mb.requestReset();   // Ctrl-X
        run.accept(500);
        ask.accept(ServiceMailbox.Op.ACK, new double[] {0, 0});
        ask.accept(ServiceMailbox.Op.SERVICE_OFF, new double[] {0, 0});
        run.accept(5_000);
        c.makeSafe();        // the watchdog's path: a stalled loop
        run.accept(200);
        ask.accept(ServiceMailbox.Op.ACK, new double[] {0, 0});
        run.accept(5_000);
        c.machine().requestShutdown();
        run.accept(3_000);
    }

    /** Where two recorded lines part: the first differing chunk (a second of virtual time), or the totals. */
    static String firstDifference(String was, String now) {
        String[] a = was.substring(was.indexOf("chunks=") + 7).split(",");
        String[] b = now.substring(now.indexOf("chunks=") + 7).split(",");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (!a[i].equals(b[i])) {
                return "differs from tick " + (long) i * MachineTrace.CHUNK_TICKS + " to " + (long) (i + 1)
                        * MachineTrace.CHUNK_TICKS;
            }
        }
        return "was '" + was.substring(0, Math.min(was.length(), 120)) + "', now '"
                + now.substring(0, Math.min(now.length(), 120)) + "'";
    }
}
