package org.mesogun.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.mesogun.config.Calibration;
import org.mesogun.config.DeviceConfig;
import org.mesogun.config.Mode;
import org.mesogun.config.Protocol;
import org.mesogun.config.SafetyLimits;
import org.mesogun.app.Gun;
import org.mesogun.app.GunParts;
import org.mesogun.controller.ControllerSettings;
import org.mesogun.controller.EventSink;
import org.mesogun.loop.LoopStats;
import org.mesogun.simulator.SimSpec;
import org.mesogun.simulator.SimulatedGun;
import org.mesogun.simulator.VirtualClock;

/**
 * The controller on the simulated gun, on virtual time: each tick the physics advance to now,
 * the simulated clinician acts, and the controller ticks — unless an injected loop pause is
 * holding it, exactly as a stalled thread would. The simulator's judge watches the true state.
 */
public final class SimulationRun {

    /** Measured timing of one injected fault, in controller ticks. */
    public record FaultTiming(String fault, int atPoint, String code, long ticksToDetect, long ticksToSafe) {
    }

    /** A run that makes no headway ends: a clinician needs well under 10 s of virtual time a point. */
    private static final long NANOS_PER_POINT_BOUND = 10_000_000_000L;
    private static final long SETUP_BOUND_NANOS = 600_000_000_000L;

    /**
     * SR-1, SR-3: a checked calibration puts every depth within this of the command: its check's
     * tolerance and the gauge's error (0.04 mm) between the checked depths, 0.02 mm more when
     * extrapolated down to 0.5 mm.
     */
    static final double DEPTH_ACCURACY_MM = SafetyLimits.DEPTH_MARGIN_MM + 0.02;

    /** requirements §2: the plunger sensor's noise, σ 2 µm. */
    private static final double PLUNGER_NOISE_MICRONS = 2.0;

    private final DeviceConfig config;
    private final Scenario scenario;
    private final Consumer<String> progress;
    private final EventSink extra;
    private final boolean realTime;
    private Calibration calibration;

    /**
     * Runs on this calibration (e.g. one a technician saved over the console) instead of the
     * factory calibration of the simulated gun.
     */
    public SimulationRun withCalibration(Calibration c) {
        this.calibration = c;
        return this;
    }

    private java.util.function.UnaryOperator<SimSpec.Builder> hardware = java.util.function.UnaryOperator.identity();

    /** Other true hardware than the simulator's defaults (e.g. another steps/mm). */
    public SimulationRun withHardware(java.util.function.UnaryOperator<SimSpec.Builder> h) {
        this.hardware = h;
        return this;
    }

    public SimulationRun(DeviceConfig config, Scenario scenario, Consumer<String> progress, EventSink extra,
            boolean realTime) {
        this.config = config;
        this.scenario = scenario;
        this.progress = progress;
        this.extra = extra;
        this.realTime = realTime;
    }

    private int realtimePriority;
    private int realtimeCpu = -1;

    /**
     * In real time, run the loop thread under SCHED_FIFO at {@code priority} (and pinned to
     * {@code cpu}, or -1 for none), as on the board; applied through the OS, best effort.
     */
    public SimulationRun withRealtime(int priority, int cpu) {
        this.realtimePriority = priority;
        this.realtimeCpu = cpu;
        return this;
    }

    private org.mesogun.telemetry.TelemetryLaunch telemetry;
    private TickTap tap;

    /**
     * Sees every controller tick and every event, on the loop thread: for a trace that a later
     * refactor must reproduce exactly (MachineTraceTest).
     */
    public interface TickTap extends EventSink {
        void tick(long now, org.mesogun.controller.Controller c);
    }

    public SimulationRun withTickTap(TickTap t) {
        this.tap = t;
        return this;
    }

    /** The gun's events also go to this telemetry (started and closed by the caller). */
    private java.util.function.UnaryOperator<GunParts> parts = java.util.function.UnaryOperator.identity();

    /** A last word on how the gun is assembled (a test's seam; the harness itself adds nothing). */
    public SimulationRun withParts(java.util.function.UnaryOperator<GunParts> p) {
        this.parts = p;
        return this;
    }

    public SimulationRun withTelemetry(org.mesogun.telemetry.TelemetryLaunch t) {
        this.telemetry = t;
        return this;
    }

    public RunResult run() {
        if (realTime) {
            // Compile the hot paths first: an interpreted first second would stall the loop.
            new SimulationRun(config, scenario.withPoints(20).withFaults(List.of()), null, EventSink.NONE, false)
                    .run();
        }
        Protocol protocol = config.protocol(scenario.protocol()).orElseThrow(() -> new IllegalArgumentException(
                "no protocol '" + scenario.protocol() + "' in the device profile; known: "
                        + config.protocols().stream().map(Protocol::name).toList()));
        // The simulated gun is the profile's hardware: with or without its plunger sensor.
        // The scenario's world (true hardware, saved calibration) over the simulator's defaults.
        GunWorld w = scenario.world();
        SimSpec.Builder b = w.apply(SimSpec.builder().seed(scenario.seed()), config.syringe().volumeUl(),
                config.plunger().present(), config.plunger().resolutionUm(), PLUNGER_NOISE_MICRONS);
        double initial = w.initialCarriageMm(b);
        if (!Double.isNaN(initial)) {
            b.initialMm(initial);
        }
        SimSpec spec = hardware.apply(b).build();
        Calibration cal = calibration != null ? calibration : w.calibrate(FactoryCalibration.measure(spec), spec);
        VirtualClock clock = new VirtualClock(0);
        SimulatedGun gun = new SimulatedGun(spec, clock);

        RunRecorder rec = new RunRecorder(tap == null ? extra : new org.mesogun.telemetry.TeeSink(extra, tap));
        Clinician clinician = new Clinician(gun, scenario, protocol.mode() == Mode.NAPPAGE);

        long maxVirtual = SETUP_BOUND_NANOS + scenario.points() * NANOS_PER_POINT_BOUND;
        SimulatedWorld world = new SimulatedWorld(clock, gun, clinician, rec, config.loop().periodNanos(), maxVirtual,
                realTime).tap(tap);
        GunParts parts = Gun.on(config, gun).world(world).calibration(cal).adjust(this::withNeedleLimit).events(rec)
                .realtime(realtimePriority, realtimeCpu).afterUncleanStop(w.afterUncleanStop());
        if (telemetry != null) {
            parts.telemetry(telemetry);
        }
        parts = this.parts.apply(parts);
        Gun assembled;
        try {
            assembled = parts.build();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);   // in-memory parts only: not expected
        }
        ControllerSettings settings = assembled.settings();

        // The judge watches the true state from the first tick on (nothing has ticked yet).
        double depth = Double.isNaN(scenario.depthMm()) ? protocol.depthMm() : scenario.depthMm();
        double dose = Double.isNaN(scenario.doseUl()) ? protocol.doseUl() : scenario.doseUl();
        // SR-1 holds on the true tip; a gun powered up deep may go the stated 0.25 mm before homing.
        double limitMm = Math.max(Math.min(config.needle().maxDepthMm(), SafetyLimits.MAX_DEPTH_MM),
                spec.initialMm - spec.trueZeroMm + SafetyLimits.UNHOMED_FORWARD_MM);
        // Where the calibration truly sends the session's depth (capped as the monitor caps it).
        long steps = Math.min(settings.depthSteps(depth), assembled.controller().monitor().depthLimitSteps());
        double trueDepth = steps / spec.trueStepsPerMm - spec.trueZeroMm;
        SafetyJudge.Limits limits = SafetyJudge.forSession(spec, settings, limitMm, trueDepth, dose,
                config.session().maxDoseUl(), config.syringe().reserveUl(), config.plunger().present());
        limits = limits.withNeedle(settings.needleTimeLimitNanos(), w.afterUncleanStop());
        SafetyJudge judge = new SafetyJudge(gun.truth(), protocol.mode() == Mode.NAPPAGE ? limits
                : limits.withPlannedPoints(scenario.points())).checkingRecords();
        // Against the command as capped (the cap's 0.04 mm is stated, not a calibration error).
        double commandedMm = (steps - settings.zeroSteps()) / settings.stepsPerMm();
        judge.depthAsSet(commandedMm, DEPTH_ACCURACY_MM);
        world.judge(judge);
        gun.listen(judge);
        rec.onReport = judge::reported;
        rec.onRecord = judge::recorded;
        rec.onSessionStarted = judge::sessionStarted;

        long wallStart = System.nanoTime();
        LoopStats stats;
        try (Gun g = assembled) {
            stats = realTime ? runRealTime(g, world) : runVirtual(g);
            judge.finish(clock.nanoTime());
            if (progress != null) {
                progress.accept(world.statusLine(clock.nanoTime(), g.controller()));
            }
            List<FaultTiming> timings = new ArrayList<>(world.faultTimings());
            long overruns = world.missed() + (stats == null ? 0 : stats.overruns());
            return new RunResult(scenario, spec, cal, settings, depth, dose, rec, judge, clinician.notes(),
                    clinician.needles(), world.ticks(), overruns, clock.nanoTime(), System.nanoTime() - wallStart, stats,
                    timings, gun.truth().maxTipDepthMm(), g.controller().machine().doseGain(), clinician.gaveUp());
        }
    }

    private ControllerSettings withNeedleLimit(ControllerSettings s) {
        return scenario.needleLimit() <= 0 ? s : s.withPunctureLimit(scenario.needleLimit());
    }

    /** Virtual time: as fast as the machine goes, stepped without a thread. */
    private static LoopStats runVirtual(Gun g) {
        g.runVirtual();
        return null;
    }

    /**
     * Real time: the gun's loop runner drives the same tick on its own thread at the configured
     * period, with the watchdog that makes the outputs safe if it stalls; this thread prints progress.
     */
    private LoopStats runRealTime(Gun g, SimulatedWorld world) {
        try {
            g.start();
            while (!world.done() && g.loopRunning()) {
                Thread.sleep(100);
                String line = world.takeStatus();
                if (line != null && progress != null) {
                    progress.accept(line);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        g.runner().stop();
        if (g.runner().failure().isPresent()) {
            throw new IllegalStateException("the loop failed", g.runner().failure().get());
        }
        return g.runner().snapshot();
    }
}
