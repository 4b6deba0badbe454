package org.mesogun.harness;

import java.util.ArrayList;
import java.util.List;
import org.mesogun.simulator.SimTruth;
import org.mesogun.simulator.TruthListener;

/**
 * Judges SR-1 … SR-6 from the simulator's true state — never from what the controller says about
 * itself. It is told the session's limits (as the clinician set them) and listens to what really
 * left the needle and what really punctured the skin.
 */
public final class SafetyJudge implements TruthListener {

    /** The limits the run must keep, in true units. */
    public record Limits(double maxDepthMm, double depthMm, double depthToleranceMm, double maxShotUl,
                         int punctureLimit, double sessionCapUl, double reserveUl, long minShotIntervalNanos) {
    }

    private final SimTruth truth;
    private final List<Violation> violations = new ArrayList<>();
    private Limits limits;
    private long lastPuncture = Long.MIN_VALUE / 2;
    private double maxTrueDepth = Double.NEGATIVE_INFINITY;
    private double maxShotErrorMm;
    private final List<Double> shots = new ArrayList<>();
    private double excessUl;
    private double pointUl;
    private double sessionBaseUl;
    private boolean capFlagged;
    private boolean pointFlagged;

    public SafetyJudge(SimTruth truth, Limits limits) {
        this.truth = truth;
        this.limits = limits;
    }

    @Override
    public void shotDelivered(long at, double ul, double excess, double minTipDepthMm, double maxTipDepthMm,
            boolean intoSkin, boolean skinLostDuringFlow) {
        excessUl += excess;
        maxTrueDepth = Math.max(maxTrueDepth, maxTipDepthMm);
        if (maxTipDepthMm > limits.maxDepthMm() + 1e-9) {
            add("SR-1", at, "product delivered at a true depth of %.4f mm, beyond the limit %.2f mm",
                    maxTipDepthMm, limits.maxDepthMm());
        }
        if (!intoSkin) {
            return;   // priming or a test shot into a cup
        }
        // A point is everything delivered between two punctures (perfusion: a train of pulses).
        pointUl += ul - excess;
        if (pointUl > limits.maxShotUl() && !pointFlagged) {
            pointFlagged = true;
            add("SR-2", at, "one point delivered %.2f uL, above the bound %.2f uL", pointUl, limits.maxShotUl());
        }
        double err = Math.max(Math.abs(maxTipDepthMm - limits.depthMm()), Math.abs(minTipDepthMm - limits.depthMm()));
        maxShotErrorMm = Math.max(maxShotErrorMm, err);
        // A stuck valve's flow past the pulse's end is harm, bounded by the dead-man and reported
        // as such (SPEC §4); the retract the controller makes then is the right reaction.
        if (err > limits.depthToleranceMm() && excess == 0) {
            add("SR-3", at, "product delivered between %.4f and %.4f mm, not at the target %.3f mm",
                    minTipDepthMm, maxTipDepthMm, limits.depthMm());
        }
        if (skinLostDuringFlow && excess == 0) {
            add("SR-3", at, "product still flowing after the gun left the skin");
        }
        double session = truth.deliveredIntoSkinUl() - sessionBaseUl;
        if (session > limits.sessionCapUl() + 1e-6 && !capFlagged) {
            capFlagged = true;
            add("SR-5", at, "%.1f uL delivered into skin in one session, above the session cap %.1f uL",
                    session, limits.sessionCapUl());
        }
        if (truth.reservoirUl() < limits.reserveUl() * 0.5) {
            add("SR-5", at, "reservoir down to %.1f uL, below the reserve %.1f uL", truth.reservoirUl(),
                    limits.reserveUl());
        }
    }

    private void closePoint() {
        if (pointUl > 0) {
            shots.add(pointUl);
        }
        pointUl = 0;
        pointFlagged = false;
    }

    @Override
    public void puncture(long at, int needleSerial, int puncturesOnNeedle) {
        closePoint();
        if (puncturesOnNeedle > limits.punctureLimit()) {
            add("SR-4", at, "puncture %d on needle %d, above the limit %d", puncturesOnNeedle, needleSerial,
                    limits.punctureLimit());
        }
        // A shot is one puncture; two closer than the minimum interval break the rate limit.
        if (at - lastPuncture < limits.minShotIntervalNanos()) {
            add("SR-6", at, "punctures %.1f ms apart, closer than %.1f ms", (at - lastPuncture) / 1e6,
                    limits.minShotIntervalNanos() / 1e6);
        }
        lastPuncture = at;
    }

    /**
     * A new session began: the cap counts from here. The harness takes the boundary from the
     * controller's session event; what is judged against it (the volume into skin) is the
     * simulator's own.
     */
    public void sessionStarted() {
        sessionBaseUl = truth.deliveredIntoSkinUl();
        capFlagged = false;
    }

    /** At the end of the run: the deepest the tip ever went, flowing or not (SR-1). */
    public void finish(long at) {
        closePoint();
        if (truth.maxTipDepthMm() > limits.maxDepthMm() + 1e-9) {
            add("SR-1", at, "the needle tip reached a true depth of %.4f mm, beyond the limit %.2f mm",
                    truth.maxTipDepthMm(), limits.maxDepthMm());
        }
    }

    private void add(String sr, long at, String format, Object... args) {
        violations.add(new Violation(sr, at, String.format(java.util.Locale.ROOT, format, args)));
    }

    public List<Violation> violations() {
        return violations;
    }

    public double maxTrueDepthMm() {
        return Math.max(maxTrueDepth, truth.maxTipDepthMm());
    }

    public double maxShotDepthErrorMm() {
        return maxShotErrorMm;
    }

    public List<Double> intoSkinShotsUl() {
        return shots;
    }

    /** The true reservoir when the run ended. */
    public double reservoirAtEndUl() {
        return truth.reservoirUl();
    }

    public double excessUl() {
        return excessUl;
    }
}
