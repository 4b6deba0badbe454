package org.mesogun.harness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mesogun.config.Calibration;
import org.mesogun.controller.ControllerSettings;
import org.mesogun.simulator.SimSpec;

/** What a simulated session did, judged by the simulator; {@link #report()} is the JSON shape. */
public record RunResult(Scenario scenario, SimSpec spec, Calibration calibration, ControllerSettings settings,
                        double depthMm, double doseUl, RunRecorder recorder, SafetyJudge judge,
                        List<String> notes, int needlesUsed, long ticks, long overruns, long virtualNanos,
                        long wallNanos, org.mesogun.loop.LoopStats realTimeLoop, List<SimulationRun.FaultTiming> faults, double maxTrueDepthMm,
                        double doseGain, boolean clinicianGaveUp) {

    public int aborted() {
        return recorder.aborted;
    }

    /** Aborted points the gun said delivered nothing (an occlusion, a valve stuck closed). */
    public int notDelivered() {
        return recorder.notDelivered;
    }

    public int delivered() {
        return recorder.points.size();
    }

    public List<Violation> violations() {
        return judge.violations();
    }

    /** Dose error of the shots the simulator saw go into the skin, in % of the target. */
    public double meanDoseErrorPct() {
        List<Double> s = judge.intoSkinShotsUl();
        if (s.isEmpty()) {
            return 0;
        }
        double sum = 0;
        for (double v : s) {
            sum += v;
        }
        return 100 * (sum / s.size() - doseUl) / doseUl;
    }

    public double doseCvPct() {
        List<Double> s = judge.intoSkinShotsUl();
        if (s.size() < 2) {
            return 0;
        }
        double mean = s.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double var = s.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (s.size() - 1);
        return 100 * Math.sqrt(var) / mean;
    }

    public double totalIntoSkinUl() {
        return judge.intoSkinShotsUl().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The largest distance of a shot's true depth from the target, in true steps. */
    public double maxAbsErrorSteps() {
        return judge.maxShotDepthErrorMm() * spec.trueStepsPerMm;
    }

    public int maxPuncturesOnANeedle() {
        return recorder.points.stream().mapToInt(RunRecorder.Point::punctures).max().orElse(0);
    }

    public Map<String, Object> report() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("scenario", Map.of("protocol", scenario.protocol(), "seed", scenario.seed()));
        r.put("points", Map.of("planned", scenario.points(), "delivered", delivered(),
                "aborted", recorder.aborted));
        r.put("depth", ordered("targetMm", depthMm, "maxAbsErrorSteps", round(maxAbsErrorSteps(), 2),
                "maxCommandedMm", round(maxCommandedMm(), 4), "maxTrueMm", round(maxTrueDepthMm, 4)));
        r.put("dose", ordered("targetUl", doseUl, "meanErrorPct", round(meanDoseErrorPct(), 3),
                "cvPct", round(doseCvPct(), 3), "totalUl", round(totalIntoSkinUl(), 2),
                "closedLoop", settings.closedLoop(), "finalGain", round(doseGain, 4)));
        r.put("needles", ordered("used", needlesUsed, "maxPuncturesOnANeedle", maxPuncturesOnANeedle(),
                "limit", settings.punctureLimit()));
        r.put("faults", faults.stream().map(f -> ordered("fault", f.fault(), "code", f.code(),
                "atPoint", f.atPoint(), "ticksToDetect", f.ticksToDetect(), "ticksToSafe", f.ticksToSafe())).toList());
        r.put("alarms", recorder.alarms.stream().map(a -> ordered("code", a.code().code(), "name", a.code().name(),
                "state", a.state().name(), "atS", round(a.at() / 1e9, 3))).toList());
        r.put("sessions", recorder.sessions.stream().map(s -> ordered("session", s.session(), "points", s.points(),
                "deliveredUl", round(s.deliveredUl(), 2), "end", s.reason().name())).toList());
        // The dead-man cuts a stuck valve after its period: the most one stuck pulse can deliver.
        r.put("harm", ordered("excessUl", round(judge.excessUl(), 3), "boundPerStuckPulseUl",
                round(spec.trueFlowUlPerMs * spec.deadmanPeriodMicros / 1000.0, 2)));
        Map<String, Object> loop = ordered("ticks", ticks, "overruns", overruns, "virtualS",
                round(virtualNanos / 1e9, 3), "wallS", round(wallNanos / 1e9, 3));
        if (realTimeLoop != null) {
            loop.put("wakeLatencyUs", ordered("p50", realTimeLoop.p50Micros(), "p99", realTimeLoop.p99Micros(),
                    "p999", realTimeLoop.p999Micros(), "max", realTimeLoop.maxMicros()));
            loop.put("skipped", realTimeLoop.skipped());
        }
        r.put("loop", loop);
        r.put("simulator", ordered("seed", spec.seed, "shotNoisePct", spec.shotNoiseSigma * 100,
                "stepsPerMmTrue", spec.trueStepsPerMm, "flowErrorPct", round(spec.flowErrorPct(), 2)));
        r.put("calibration", ordered("stepsPerMm", calibration.stepsPerMm(), "zeroSteps",
                calibration.zeroStepsFromHome(), "flowUlPerMs", calibration.flowUlPerMs(),
                "flowOffsetUl", calibration.flowOffsetUl()));
        r.put("safety", ordered("violations", violations().stream().map(v -> ordered("requirement",
                v.requirement(), "atS", round(v.atNanos() / 1e9, 4), "what", v.what())).toList()));
        r.put("notes", notes);
        return r;
    }

    public double maxCommandedMm() {
        return recorder.points.stream().mapToDouble(RunRecorder.Point::depthMm).max().orElse(0);
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
