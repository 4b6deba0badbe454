package org.mesogun.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.mesogun.config.Calibration;
import org.mesogun.config.DeviceConfig;
import org.mesogun.config.Mode;
import org.mesogun.config.Protocol;
import org.mesogun.config.SafetyLimits;
import org.mesogun.controller.Controller;
import org.mesogun.controller.ControllerSettings;
import org.mesogun.controller.EventSink;
import org.mesogun.controller.SettingsFactory;
import org.mesogun.controller.State;
import org.mesogun.controller.safety.FaultCode;
import org.mesogun.controller.safety.NeedleCounters;
import org.mesogun.loop.LoopConfig;
import org.mesogun.loop.LoopRunner;
import org.mesogun.loop.LoopStats;
import org.mesogun.loop.LoopWork;
import org.mesogun.loop.StepInvoker;
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

    /** SPEC §2: the plunger sensor's noise, σ 2 µm. */
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
        SimSpec spec = hardware.apply(SimSpec.builder().seed(scenario.seed())
                .plunger(config.plunger().present(), config.plunger().resolutionUm(), PLUNGER_NOISE_MICRONS)).build();
        Calibration cal = calibration != null ? calibration : FactoryCalibration.measure(spec);
        ControllerSettings settings = withNeedleLimit(SettingsFactory.from(config, cal, true, null));
        VirtualClock clock = new VirtualClock(0);
        SimulatedGun gun = new SimulatedGun(spec, clock);

        double depth = Double.isNaN(scenario.depthMm()) ? protocol.depthMm() : scenario.depthMm();
        double dose = Double.isNaN(scenario.doseUl()) ? protocol.doseUl() : scenario.doseUl();
        double limitMm = Math.min(config.needle().maxDepthMm(), SafetyLimits.MAX_DEPTH_MM);
        double step = 1 / spec.trueStepsPerMm;
        SafetyJudge judge = new SafetyJudge(gun.truth(), new SafetyJudge.Limits(limitMm + step, depth,
                3 * step, Math.max(dose * 1.5, dose + 3), settings.punctureLimit(), config.session().maxDoseUl(),
                config.syringe().reserveUl(), SafetyLimits.MIN_SHOT_INTERVAL_MS * 1_000_000L));
        gun.listen(judge);

        RunRecorder rec = new RunRecorder(extra);
        rec.onSessionStarted = judge::sessionStarted;
        NeedleCounters counters = NeedleCounters.inMemory();
        Controller controller = new Controller(gun, settings, counters, rec);
        Clinician clinician = new Clinician(gun, scenario, protocol.mode() == Mode.NAPPAGE);

        long maxVirtual = SETUP_BOUND_NANOS + scenario.points() * NANOS_PER_POINT_BOUND;
        SessionTick work = new SessionTick(clock, gun, clinician, controller, rec, settings.periodNanos(), maxVirtual,
                realTime);
        long wallStart = System.nanoTime();
        LoopStats stats = realTime ? runRealTime(work, settings) : runVirtual(work, settings.periodNanos());
        judge.finish(clock.nanoTime());
        if (progress != null) {
            progress.accept(statusLine(clock.nanoTime(), controller, rec, clinician));
        }
        work.watch.end(gun.powered());
        List<FaultTiming> timings = new ArrayList<>(work.watch.timings());
        long ticks = work.ticks;
        long overruns = work.missed + (stats == null ? 0 : stats.overruns());
        return new RunResult(scenario, spec, cal, settings, depth, dose, rec, judge, clinician.notes(),
                clinician.needles(), ticks, overruns, clock.nanoTime(), System.nanoTime() - wallStart, stats,
                timings, gun.truth().maxTipDepthMm(), controller.machine().doseGain(), clinician.gaveUp());
    }

    private ControllerSettings withNeedleLimit(ControllerSettings s) {
        return scenario.needleLimit() <= 0 ? s : s.withPunctureLimit(scenario.needleLimit());
    }

    /** Virtual time: as fast as the machine goes, stepped without a thread. */
    private static LoopStats runVirtual(SessionTick work, long period) {
        StepInvoker invoker = new StepInvoker(work);
        invoker.start(work.clock.nanoTime());
        while (!work.done()) {
            if (!invoker.tick(work.clock.nanoTime() + period)) {
                throw new IllegalStateException("the loop failed", invoker.failure().orElse(null));
            }
        }
        invoker.stop();
        return null;
    }

    /**
     * Real time: the loop runner drives the same tick on its own thread at the configured period,
     * with the watchdog that makes the outputs safe if it stalls; this thread prints progress.
     */
    private LoopStats runRealTime(SessionTick work, ControllerSettings settings) {
        LoopConfig loop = LoopConfig.defaults().withPeriodNanos(settings.periodNanos())
                .withWatchdogLimitNanos(settings.watchdogNanos());
        if (realtimePriority > 0) {
            loop = loop.withRealtime(realtimePriority, realtimeCpu);
        }
        LoopRunner runner = new LoopRunner(work, loop);
        runner.start();
        try {
            while (!work.done() && runner.isRunning()) {
                Thread.sleep(100);
                String line = work.takeStatus();
                if (line != null && progress != null) {
                    progress.accept(line);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            runner.stop();
        }
        if (runner.failure().isPresent()) {
            throw new IllegalStateException("the loop failed", runner.failure().get());
        }
        return runner.snapshot();
    }

    /**
     * One tick of the simulated world and the controller: the physics advance to now, the
     * clinician acts, and the controller ticks — unless an injected loop pause holds it. In
     * virtual time the pause skips ticks; in real time the loop thread really stops, so the
     * watchdog has something to catch.
     */
    private static final class SessionTick implements LoopWork {
        final VirtualClock clock;
        final SimulatedGun gun;
        final Clinician clinician;
        final Controller controller;
        final RunRecorder rec;
        final long period;
        final long maxVirtual;
        final boolean realTime;
        final FaultWatch watch = new FaultWatch();
        long ticks;
        long missed;
        private long pausedUntil = -1;
        private long wallStart = -1;
        private long lastStatus;
        private volatile String status;
        private volatile boolean done;

        SessionTick(VirtualClock clock, SimulatedGun gun, Clinician clinician, Controller controller, RunRecorder rec,
                long period, long maxVirtual, boolean realTime) {
            this.clock = clock;
            this.gun = gun;
            this.clinician = clinician;
            this.controller = controller;
            this.rec = rec;
            this.period = period;
            this.maxVirtual = maxVirtual;
            this.realTime = realTime;
        }

        @Override
        public void tick(long nowNanos) {
            if (done) {
                return;
            }
            long now;
            if (realTime) {
                if (wallStart < 0) {
                    wallStart = nowNanos - clock.nanoTime();
                }
                now = Math.max(clock.nanoTime() + 1, nowNanos - wallStart);
                clock.advance(now - clock.nanoTime());
            } else {
                clock.advance(nowNanos - clock.nanoTime());
                now = nowNanos;
            }
            gun.advanceTo(now);
            clinician.act(now);
            long pause = gun.takeLoopPauseNanos();
            if (pause > 0) {
                watch.injected(now, "loop-pause", rec.points.size() + 1);
                if (realTime) {
                    sleep(pause);   // a real stall: the watchdog must catch it
                } else {
                    pausedUntil = now + pause;
                }
            }
            watch.observe(clinician.notes(), now, rec.points.size() + 1);
            if (now < pausedUntil) {
                missed++;
            } else {
                controller.tick(now);
                ticks++;
                watch.afterTick(now, period, controller, gun);
            }
            if (now - lastStatus >= 1_000_000_000L) {
                lastStatus = now;
                status = statusLine(now, controller, rec, clinician);
            }
            done = clinician.finished() || !gun.powered() || now >= maxVirtual;
        }

        @Override
        public void makeSafe() {
            controller.makeSafe();
        }

        boolean done() {
            return done;
        }

        String takeStatus() {
            String s = status;
            status = null;
            return s;
        }

        private static void sleep(long nanos) {
            try {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String statusLine(long now, Controller c, RunRecorder rec, Clinician cl) {
        State st = c.machine().state();
        FaultCode f = c.monitor().latched();
        return String.format(java.util.Locale.ROOT,
                "t=%7.1fs  %-8s points %4d  needle #%d %3d/%d  reservoir %6.2f mL  dose gain %.3f%s",
                now / 1e9, st, rec.points.size(), c.monitor().needle().needleSerial(),
                c.monitor().needle().punctures(), c.monitor().needle().punctureLimit(),
                c.monitor().plunger().remainingUl() / 1000, c.machine().doseGain(),
                f != null ? "  ALARM " + f.code() + " " + f.name() : "");
    }

    /** Times each injected fault: ticks to the latch, then ticks until the outputs are safe. */
    private static final class FaultWatch {
        private final List<FaultTiming> timings = new ArrayList<>();
        private int notesSeen;
        private String pending;
        private int pendingPoint;
        private long injectedAt = -1;
        private long detectedAt = -1;
        private String code;

        void injected(long now, String fault, int point) {
            pending = fault;
            pendingPoint = point;
            injectedAt = now;
            detectedAt = -1;
        }

        void observe(List<String> notes, long now, int point) {
            while (notesSeen < notes.size()) {
                String n = notes.get(notesSeen++);
                if (n.startsWith("injected ")) {
                    injected(now, n.substring(9, n.indexOf(" at point")), point);
                }
            }
        }

        void afterTick(long now, long period, Controller c, SimulatedGun gun) {
            if (injectedAt < 0) {
                return;
            }
            FaultCode f = c.monitor().latched();
            if (detectedAt < 0 && f != null) {
                detectedAt = now;
                code = f.code() + " " + f.name();
            }
            if (detectedAt >= 0 && !gun.valve().isOpen() && !gun.axis().isMoving()
                    || detectedAt >= 0 && !gun.valve().isOpen() && gun.axis().target() <= gun.axis().position()) {
                timings.add(new FaultTiming(pending, pendingPoint, code, (detectedAt - injectedAt) / period,
                        (now - detectedAt) / period));
                injectedAt = -1;
            } else if (now - injectedAt > 90_000_000_000L) {
                timings.add(new FaultTiming(pending, pendingPoint, "not detected", -1, -1));
                injectedAt = -1;
            }
        }

        /** A fault still pending at the end had no effect the controller could see, or cut the power. */
        void end(boolean powered) {
            if (injectedAt >= 0) {
                timings.add(new FaultTiming(pending, pendingPoint,
                        !powered ? "power lost: the run ends" : detectedAt >= 0 ? code : "no effect seen by the end",
                        detectedAt >= 0 ? 0 : -1, -1));
                injectedAt = -1;
            }
        }

        List<FaultTiming> timings() {
            return timings;
        }
    }
}
