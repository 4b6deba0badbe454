package org.mesogun.harness;

import java.util.ArrayList;
import java.util.List;
import org.mesogun.config.SafetyLimits;
import org.mesogun.simulator.SimTruth;
import org.mesogun.simulator.TruthListener;

/**
 * Judges SR-1 … SR-6 and SR-9 from the simulator's true state — never from what the controller
 * says about itself. It is told the session's limits (as the clinician set them) and listens to
 * what really left the needle, slice by slice (every microlitre is charged where it left), and
 * what really punctured the skin. From the controller it takes only its alarms and aborted-point
 * reports: an alarm is the gun's observable answer to a bad shot (SR-9), not a claim to check.
 */
public final class SafetyJudge implements TruthListener {

    /**
     * The limits the run must keep, in true units.
     *
     * @param needleTimeNanos    a needle's time limit from its fitting (Long.MAX_VALUE: not judged)
     * @param lockedAtStart      the needle fitted at power-up is locked out (an unclean stop)
     * @param doseUl             the point's dose, for SR-9 (≤ 0: delivery not judged, e.g. open loop)
     * @param doseBandUl         a point delivering further than this from its dose must raise an alarm
     * @param reserveAllowanceUl how far under the reserve the last point may take the reservoir
     * @param liftReactionNanos  flow after a lift-off mid-dose that no controller could stop sooner
     * @param plannedPoints      points the clinician asked for, one per press (-1: no plan, e.g.
     *                           nappage, where a pass may end a shot later than the panel showed)
     */
    public record Limits(double maxDepthMm, double depthMm, double depthToleranceMm, double maxShotUl,
                         int punctureLimit, double sessionCapUl, double reserveUl, long minShotIntervalNanos,
                         long needleTimeNanos, boolean lockedAtStart, double doseUl, double doseBandUl,
                         double reserveAllowanceUl, long liftReactionNanos, int plannedPoints) {

        public Limits(double maxDepthMm, double depthMm, double depthToleranceMm, double maxShotUl,
                int punctureLimit, double sessionCapUl, double reserveUl, long minShotIntervalNanos) {
            this(maxDepthMm, depthMm, depthToleranceMm, maxShotUl, punctureLimit, sessionCapUl, reserveUl,
                    minShotIntervalNanos, Long.MAX_VALUE, false, 0, 0, 0, 0, -1);
        }

        public Limits withNeedle(long timeLimitNanos, boolean locked) {
            return new Limits(maxDepthMm, depthMm, depthToleranceMm, maxShotUl, punctureLimit, sessionCapUl,
                    reserveUl, minShotIntervalNanos, timeLimitNanos, locked, doseUl, doseBandUl, reserveAllowanceUl,
                    liftReactionNanos, plannedPoints);
        }

        public Limits withDelivery(double dose, double band) {
            return new Limits(maxDepthMm, depthMm, depthToleranceMm, maxShotUl, punctureLimit, sessionCapUl,
                    reserveUl, minShotIntervalNanos, needleTimeNanos, lockedAtStart, dose, band, reserveAllowanceUl,
                    liftReactionNanos, plannedPoints);
        }

        public Limits withReserveAllowance(double ul) {
            return new Limits(maxDepthMm, depthMm, depthToleranceMm, maxShotUl, punctureLimit, sessionCapUl,
                    reserveUl, minShotIntervalNanos, needleTimeNanos, lockedAtStart, doseUl, doseBandUl, ul,
                    liftReactionNanos, plannedPoints);
        }

        public Limits withLiftReaction(long nanos) {
            return new Limits(maxDepthMm, depthMm, depthToleranceMm, maxShotUl, punctureLimit, sessionCapUl,
                    reserveUl, minShotIntervalNanos, needleTimeNanos, lockedAtStart, doseUl, doseBandUl,
                    reserveAllowanceUl, nanos, plannedPoints);
        }

        public Limits withPlannedPoints(int n) {
            return new Limits(maxDepthMm, depthMm, depthToleranceMm, maxShotUl, punctureLimit, sessionCapUl,
                    reserveUl, minShotIntervalNanos, needleTimeNanos, lockedAtStart, doseUl, doseBandUl,
                    reserveAllowanceUl, liftReactionNanos, n);
        }
    }

    /**
     * The limits of one session on {@code spec}'s gun, as the clinician set them: depth to within
     * 3 true steps, a point at most 1.5 × its dose (+3 µL for small ones), and, with a plunger
     * sensor, every point within ±40 % of its dose or an alarm (the controller's own band is
     * ±35 %; the judge leaves room for the sensor's noise, never for its coarseness).
     */
    public static Limits forSession(org.mesogun.simulator.SimSpec spec,
            org.mesogun.controller.ControllerSettings s, double maxDepthMm, double depthMm, double doseUl,
            double sessionCapUl, double reserveUl, boolean plungerSensor) {
        double step = 1 / spec.trueStepsPerMm;
        Limits l = new Limits(maxDepthMm + step, depthMm, 3 * step, maxPointUl(doseUl), s.punctureLimit(),
                sessionCapUl, reserveUl, SafetyLimits.MIN_SHOT_INTERVAL_MS * 1_000_000L)
                .withNeedle(s.needleTimeLimitNanos(), false)
                .withReserveAllowance(reserveAllowanceUl(spec, doseUl))
                .withLiftReaction(liftReactionNanos(spec, s.periodNanos()));
        return plungerSensor ? l.withDelivery(doseUl, Math.max(0.4 * doseUl, 0.5)) : l;
    }

    /** The most one point of {@code doseUl} may deliver (SR-2): 1.5 × its dose, +3 µL for small ones. */
    public static double maxPointUl(double doseUl) {
        return Math.max(doseUl * 1.5, doseUl + 3);
    }

    /**
     * How far under the reserve the last point may take the true reservoir (SR-5): what a point
     * may deliver over its dose, and what the plunger sensor cannot resolve.
     */
    public static double reserveAllowanceUl(org.mesogun.simulator.SimSpec spec, double doseUl) {
        double resolutionUl = spec.plungerResolutionMicrons / spec.micronsPerUl();
        return maxPointUl(doseUl) - doseUl + 3 * resolutionUl + 0.5;
    }

    /**
     * Lifted off mid-dose: no controller can know before the skin sensor tells it. Product that
     * stops within the sensor's debounce, a tick and the valve's closing delay is that physics.
     */
    public static long liftReactionNanos(org.mesogun.simulator.SimSpec spec, long periodNanos) {
        return spec.debounceNanos / 2 + periodNanos + spec.valveCloseDelayMicros * 1000 + 200_000;
    }

    /** Points in a row whose mean must lie within {@link #SYSTEMATIC_BAND} of the dose. */
    static final int SYSTEMATIC_POINTS = 10;
    /** Ten times the closed loop's stated mean error (≤ 1 %, requirements §11): a bias, not noise. */
    static final double SYSTEMATIC_BAND = 0.10;

    /** Flow smaller than this in a slice is rounding, not product. */
    private static final double TRACE_UL = 1e-6;
    /** A needle's time is counted by the controller each tick; a puncture this late is still its. */
    private static final long NEEDLE_TIME_GRACE_NANOS = 10_000_000L;

    private final SimTruth truth;
    private final List<Violation> violations = new ArrayList<>();
    private final Limits limits;
    private long lastPuncture = Long.MIN_VALUE / 2;
    private double maxTrueDepth = Double.NEGATIVE_INFINITY;
    private double maxShotErrorMm;
    private final List<Double> shots = new ArrayList<>();
    private double excessUl;
    private double sessionBaseUl;
    private boolean capFlagged;

    // The point in progress: everything between two punctures (perfusion: a train of pulses).
    private double pointUl;
    private boolean pointFlagged;
    private boolean pointDosed;
    private long pointAt = Long.MIN_VALUE / 2;
    private int deliveredPoints;
    private int dosedPoints;
    private int recordedPoints;
    private long lastReportAt = Long.MIN_VALUE;
    // The last points in a row with no report: a bias no single point shows (a wrong bore).
    private final double[] recent = new double[SYSTEMATIC_POINTS];
    private int recentCount;
    private long recentSince = Long.MAX_VALUE;
    private boolean biasFlagged;

    // The pulse in progress, so that one bad pulse is one violation, not one per slice.
    private boolean pulseDeep;
    private boolean pulseOffDepth;
    private boolean pulseOnSurface;
    private boolean pulseAfterLift;
    private boolean pulseIntoSkin;
    private long liftedAt = Long.MIN_VALUE / 2;
    private long touchedAt = Long.MIN_VALUE / 2;

    // Before the first homing (SR-1): how far the carriage went toward the skin, and on it.
    private boolean everHomed;
    private double lastCarriageMm = Double.NaN;
    private double unhomedForwardMm;
    private boolean unhomedFlagged;
    private boolean skinAdvanceFlagged;

    // The calibration's depth against the clinician's (SR-1, SR-3).
    private double panelDepthMm = Double.NaN;
    private double depthAccuracyMm;
    private boolean accuracyFlagged;

    // The needle.
    private long needleSince;
    private boolean startingNeedle = true;

    private boolean recordedCheck;

    public SafetyJudge(SimTruth truth, Limits limits) {
        this.truth = truth;
        this.limits = limits;
    }

    /** Also judge the gun's records against the truth: the harness feeds {@link #recorded}. */
    public SafetyJudge checkingRecords() {
        this.recordedCheck = true;
        return this;
    }

    @Override
    public void skinContact(long at, boolean touching) {
        if (touching) {
            touchedAt = at;
        } else {
            liftedAt = at;
        }
    }

    @Override
    public void flowed(long at, double ul, double excess, double tipDepthMm, boolean skin) {
        if (ul < TRACE_UL) {
            return;
        }
        if (tipDepthMm > limits.maxDepthMm() + 1e-9 && !pulseDeep) {
            pulseDeep = true;
            add("SR-1", at, "product delivered at a true depth of %.4f mm, beyond the limit %.2f mm",
                    tipDepthMm, limits.maxDepthMm());
        }
        double clean = ul - excess;
        boolean inSkin = skin && tipDepthMm > 0;
        if (inSkin && !accuracyFlagged && !Double.isNaN(panelDepthMm)
                && Math.abs(limits.depthMm() - panelDepthMm) > depthAccuracyMm + 1e-9) {
            accuracyFlagged = true;
            add("SR-3", at, "the calibration puts the %.2f mm depth at a true %.4f mm, off by more than %.2f mm",
                    panelDepthMm, limits.depthMm(), depthAccuracyMm);
        }
        if (inSkin) {
            pointUl += clean;
            pulseIntoSkin = true;
            pointDosed = true;
            if (pointUl > limits.maxShotUl() && !pointFlagged) {
                pointFlagged = true;
                add("SR-2", at, "one point delivered %.2f uL, above the bound %.2f uL", pointUl, limits.maxShotUl());
            }
        }
        // A stuck valve's flow past the pulse's end is harm, bounded by the dead-man and reported
        // as such (requirements §4); where it went is not the controller's sequencing.
        if (clean < TRACE_UL) {
            return;
        }
        if (inSkin && Math.abs(tipDepthMm - limits.depthMm()) > limits.depthToleranceMm() && !pulseOffDepth) {
            pulseOffDepth = true;
            add("SR-3", at, "product delivered at %.4f mm, not at the target %.3f mm", tipDepthMm, limits.depthMm());
        }
        // Touched down while product flowed (priming, a test shot): the same reaction as a lift-off.
        if (skin && tipDepthMm <= 0 && at - touchedAt > limits.liftReactionNanos() && !pulseOnSurface) {
            pulseOnSurface = true;
            add("SR-3", at, "product left the needle with skin contact and the tip at %.3f mm, not in the skin",
                    tipDepthMm);
        }
        if (!skin && pulseIntoSkin && at - liftedAt > limits.liftReactionNanos() && !pulseAfterLift) {
            pulseAfterLift = true;
            add("SR-3", at, "product still flowing after the gun left the skin");
        }
    }

    @Override
    public void shotDelivered(long at, double ul, double excess, double minTipDepthMm, double maxTipDepthMm,
            boolean intoSkin, boolean skinLostDuringFlow) {
        excessUl += excess;
        maxTrueDepth = Math.max(maxTrueDepth, maxTipDepthMm);
        boolean inSkinAtEnd = truth.skinContact() && truth.tipDepthMm() > 0;
        if (pulseIntoSkin || inSkinAtEnd) {
            // A pulse in a puncture, even one that delivered nothing (an occlusion): a dose.
            pointDosed = true;
            double err = Math.max(Math.abs(maxTipDepthMm - limits.depthMm()),
                    Math.abs(minTipDepthMm - limits.depthMm()));
            if (pulseIntoSkin) {
                maxShotErrorMm = Math.max(maxShotErrorMm, err);
            }
            double session = truth.deliveredIntoSkinUl() - sessionBaseUl;
            if (session > limits.sessionCapUl() + 1e-6 && !capFlagged) {
                capFlagged = true;
                add("SR-5", at, "%.1f uL delivered into skin in one session, above the session cap %.1f uL",
                        session, limits.sessionCapUl());
            }
            double floor = limits.reserveUl() - limits.reserveAllowanceUl();
            if (truth.reservoirUl() < floor - 1e-9) {
                add("SR-5", at, "reservoir down to %.1f uL, below the reserve %.1f uL (allowance %.1f uL)",
                        truth.reservoirUl(), limits.reserveUl(), limits.reserveAllowanceUl());
            }
        }
        pulseDeep = false;
        pulseOffDepth = false;
        pulseOnSurface = false;
        pulseAfterLift = false;
        pulseIntoSkin = false;
    }

    /** Near the home switch the tip is ~20 mm inside the nose: a move off it is not toward skin. */
    private static final double HOME_REGION_MM = 1.0;

    /**
     * One tick, until the controller first homes (SR-1): before homing nobody knows where the tip
     * is, so the axis may go toward the skin at most {@link SafetyLimits#UNHOMED_FORWARD_MM} in
     * all, and not at all while the nose is on the skin. Judged from the true carriage.
     */
    public void tick(long now, boolean homed) {
        if (everHomed) {
            return;
        }
        if (homed) {
            everHomed = true;
            return;
        }
        double c = truth.carriageMm();
        double step = 1 / truth.spec().trueStepsPerMm;
        if (!Double.isNaN(lastCarriageMm) && c > lastCarriageMm && lastCarriageMm > HOME_REGION_MM) {
            unhomedForwardMm += c - lastCarriageMm;
            if (truth.skinContact() && !skinAdvanceFlagged) {
                skinAdvanceFlagged = true;
                add("SR-1", now, "before homing the axis moved toward the skin with skin contact closed");
            }
            if (unhomedForwardMm > SafetyLimits.UNHOMED_FORWARD_MM + 2 * step && !unhomedFlagged) {
                unhomedFlagged = true;
                add("SR-1", now, "before homing the axis moved %.3f mm toward the skin, above the %.2f mm allowed",
                        unhomedForwardMm, SafetyLimits.UNHOMED_FORWARD_MM);
            }
        }
        lastCarriageMm = c;
    }

    /**
     * The session's depth as the clinician set it and as the calibration truly puts it: the
     * judge's target is the true one (so a motion fault shows to the step), and the two may
     * differ by no more than a checked calibration's stated accuracy.
     */
    public void depthAsSet(double panelMm, double accuracyMm) {
        this.panelDepthMm = panelMm;
        this.depthAccuracyMm = accuracyMm;
    }

    /**
     * The controller raised an alarm or reported a point aborted: the gun said something went
     * wrong. A point that delivered out of its band is judged only if it said nothing (SR-9).
     */
    public void reported(long at) {
        lastReportAt = at;
    }

    /** The gun recorded a point: an injection record or an aborted point (requirements §7). */
    public void recorded(long at) {
        recordedPoints++;
    }

    private void closePoint(long at) {
        if (pointUl > 0) {
            shots.add(pointUl);
        }
        if (pointDosed) {
            dosedPoints++;
        }
        if (pointDosed && limits.doseUl() > 0) {
            boolean outOfBand = Math.abs(pointUl - limits.doseUl()) > limits.doseBandUl();
            boolean silent = lastReportAt < pointAt;
            if (!outOfBand && silent) {
                deliveredPoints++;   // a point the gun counts as done, as the clinician sees it
                systematic(at);
            } else if (outOfBand && silent) {
                add("SR-9", at, "a point delivered %.2f uL where %.2f uL were asked (band ±%.2f uL), and no alarm",
                        pointUl, limits.doseUl(), limits.doseBandUl());
            }
        }
        pointUl = 0;
        pointFlagged = false;
        pointDosed = false;
    }

    /**
     * SR-5, SR-9: ten points in a row, silent, whose mean is more than 10 % off the dose are a
     * bias the gun should have seen (a syringe of another bore, a wrong flow calibration).
     */
    private void systematic(long at) {
        if (lastReportAt >= recentSince) {
            recentCount = 0;   // the gun said something since the window began: start again
        }
        if (recentCount == 0) {
            recentSince = pointAt;
        }
        recent[recentCount++ % SYSTEMATIC_POINTS] = pointUl;
        if (recentCount >= SYSTEMATIC_POINTS && !biasFlagged) {
            double sum = 0;
            for (double v : recent) {
                sum += v;
            }
            double mean = sum / SYSTEMATIC_POINTS;
            if (Math.abs(mean / limits.doseUl() - 1) > SYSTEMATIC_BAND) {
                biasFlagged = true;
                add("SR-9", at, "%d points in a row delivered %.2f uL on average where %.2f uL were asked"
                        + " (%+.1f %%), and no alarm", SYSTEMATIC_POINTS, mean, limits.doseUl(),
                        100 * (mean / limits.doseUl() - 1));
            }
        }
    }

    @Override
    public void needleFitted(long at, int needleSerial, boolean fresh) {
        if (fresh) {
            needleSince = at;
            startingNeedle = false;
        }
    }

    @Override
    public void puncture(long at, int needleSerial, int puncturesOnNeedle) {
        closePoint(at);
        pointAt = at;
        if (puncturesOnNeedle > limits.punctureLimit()) {
            add("SR-4", at, "puncture %d on needle %d, above the limit %d", puncturesOnNeedle, needleSerial,
                    limits.punctureLimit());
        }
        if (limits.needleTimeNanos() != Long.MAX_VALUE
                && at - needleSince - NEEDLE_TIME_GRACE_NANOS > limits.needleTimeNanos()) {
            add("SR-4", at, "puncture on needle %d %.1f s after it was fitted, above its time limit %.1f s",
                    needleSerial, (at - needleSince) / 1e9, limits.needleTimeNanos() / 1e9);
        }
        if (limits.lockedAtStart() && startingNeedle) {
            add("SR-4", at, "puncture with the needle fitted at power-up, locked out after an unclean stop");
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

    /** At the end of the run: the deepest the tip ever went, flowing or not (SR-1), and the plan. */
    public void finish(long at) {
        closePoint(at);
        if (truth.maxTipDepthMm() > limits.maxDepthMm() + 1e-9) {
            add("SR-1", at, "the needle tip reached a true depth of %.4f mm, beyond the limit %.2f mm",
                    truth.maxTipDepthMm(), limits.maxDepthMm());
        }
        // Every dose into skin is on the record, as a point or an aborted point; a power cut may
        // take the one in flight with it (the next start reports the interrupted session).
        if (recordedCheck && dosedPoints > recordedPoints + (truth.powered() ? 0 : 1)) {
            add("SR-9", at, "%d doses went into the skin, %d points are on the record", dosedPoints, recordedPoints);
        }
        if (limits.plannedPoints() >= 0 && deliveredPoints > limits.plannedPoints()) {
            add("SR-2", at, "%d points delivered where the clinician asked for %d", deliveredPoints,
                    limits.plannedPoints());
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

    /** Points that delivered within their band with no alarm (for the plan). */
    public int deliveredPoints() {
        return deliveredPoints;
    }

    /** The true reservoir when the run ended. */
    public double reservoirAtEndUl() {
        return truth.reservoirUl();
    }

    public double excessUl() {
        return excessUl;
    }
}
