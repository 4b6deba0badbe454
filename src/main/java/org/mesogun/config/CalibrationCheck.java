package org.mesogun.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Whether a calibration may be used with a config; every problem, in words, or none. */
public final class CalibrationCheck {

    /**
     * Measured flow may differ from nominal this much: more than the simulator's 5–10 % and a
     * viscous product's drop, less than a blocked needle or a wrong syringe. A plausibility band,
     * not a safety limit: the dose itself is bounded by max_open_ms and the plunger check.
     */
    public static final double FLOW_BAND = 0.30;
    /** A fixed per-opening volume beyond this would dominate a 5 µL nappage dose. */
    public static final double MAX_FLOW_OFFSET_UL = 5.0;

    /**
     * SR-2, SR-9: the largest flow offset a calibration may carry: {@link #MAX_FLOW_OFFSET_UL},
     * and never more than {@link SafetyLimits#MAX_OFFSET_SHARE_OF_DOSE} of the smallest dose any
     * protocol allows (a −5 µL offset nearly doubled a 5 µL dose, open loop).
     */
    public static double maxFlowOffsetUl(DeviceConfig config) {
        return Math.min(MAX_FLOW_OFFSET_UL, SafetyLimits.MAX_OFFSET_SHARE_OF_DOSE * smallestDoseUl(config));
    }

    /** The smallest dose any of the profile's protocols allows without an override. */
    public static double smallestDoseUl(DeviceConfig config) {
        return config.protocols().stream().mapToDouble(p -> p.softDoseUl().min()).min()
                .orElse(SafetyLimits.MIN_DOSE_UL);
    }

    /** So that exactly ±5 % (380 or 420 steps/mm) is inside despite binary rounding. */
    private static final double EPSILON = 1e-9;

    private CalibrationCheck() {
    }

    public static List<String> problems(Calibration c, DeviceConfig config) {
        List<String> out = new ArrayList<>();
        MechanicsConfig m = config.mechanics();
        double nominal = m.nominalStepsPerMm();
        double spm = c.stepsPerMm();
        if (!Double.isFinite(spm) || Math.abs(spm / nominal - 1) > SafetyLimits.CALIBRATION_TOLERANCE + EPSILON) {
            // SR-1: more than ±5 % off means a wrong gauge reading or wrong mechanics, not wear.
            out.add("steps/mm " + spm + " is " + pct(spm / nominal - 1) + " from nominal " + nominal
                    + " (limit ±" + pct(SafetyLimits.CALIBRATION_TOLERANCE) + ")");
        } else {
            long parkSteps = c.zeroStepsFromHome() - Math.round((m.parkClearanceMm() + m.parkFlagMarginMm()) * spm);
            if (parkSteps <= 0) {
                out.add("zero at " + c.zeroStepsFromHome() + " steps from home leaves no room for park ("
                        + (m.parkClearanceMm() + m.parkFlagMarginMm()) + " mm before zero)");
            }
            // SR-1: the zero against the home geometry: the assembly puts the tip flush this far
            // from the home switch, give or take its tolerance; a zero beyond is a wrong ZERO.
            double zeroMm = c.zeroStepsFromHome() / spm;
            if (Math.abs(zeroMm - m.zeroFromHomeMm()) > SafetyLimits.ZERO_GEOMETRY_TOLERANCE_MM + EPSILON) {
                out.add(String.format(Locale.ROOT, "zero at %.3f mm from home is more than %.2f mm from the"
                        + " mechanics' %.2f mm", zeroMm, SafetyLimits.ZERO_GEOMETRY_TOLERANCE_MM, m.zeroFromHomeMm()));
            }
            // SR-1: the deepest allowed depth must lie inside the mechanical travel.
            long deepest = c.zeroStepsFromHome() + Math.round(SafetyLimits.MAX_DEPTH_MM * spm);
            long travel = Math.round(m.travelMm() * spm);
            if (deepest > travel) {
                out.add("zero at " + c.zeroStepsFromHome() + " steps puts " + SafetyLimits.MAX_DEPTH_MM
                        + " mm at step " + deepest + ", beyond the mechanical travel of " + travel + " steps");
            }
        }
        double flow = c.flowUlPerMs();
        double nominalFlow = config.valve().nominalFlowUlPerMs();
        if (!Double.isFinite(flow) || flow <= 0 || Math.abs(flow / nominalFlow - 1) > FLOW_BAND + EPSILON) {
            out.add("flow " + flow + " uL/ms is " + pct(flow / nominalFlow - 1) + " from nominal " + nominalFlow
                    + " (limit ±" + pct(FLOW_BAND) + ")");
        }
        double maxOffset = maxFlowOffsetUl(config);
        if (!Double.isFinite(c.flowOffsetUl()) || Math.abs(c.flowOffsetUl()) > maxOffset + EPSILON) {
            out.add(String.format(Locale.ROOT, "flow offset %s uL is beyond ±%.2f uL (a quarter of the smallest"
                    + " dose a protocol allows, %.1f uL)", c.flowOffsetUl(), maxOffset, smallestDoseUl(config)));
        }
        if (c.version() < 0) {
            out.add("version " + c.version() + " is negative");
        }
        if (c.savedAt() == null || c.savedBy() == null || c.savedBy().isBlank()) {
            out.add("who saved it and when is not recorded");
        }
        return out;
    }

    /**
     * What stands between a saved calibration and arming (SR-1, SR-10): every problem above, and
     * a depth check with these depth values, shallow and deep, each within its tolerance. A
     * calibration with only these problems is kept and serves (the technician checks it with
     * the gun running on it), but never arms.
     */
    public static List<String> armingProblems(Calibration c, DeviceConfig config) {
        List<String> out = problems(c, config);
        DepthCheck d = c.depthCheck();
        double deepest = Math.min(config.needle().maxDepthMm(), SafetyLimits.MAX_DEPTH_MM) - SafetyLimits.DEPTH_MARGIN_MM;
        if (!d.complete()) {
            out.add(String.format(Locale.ROOT, "depth not checked: measure with the gauge at a depth of at most"
                    + " %.1f mm and at %.2f mm or deeper (CAL CHECK), then SAVE", SafetyLimits.SHALLOW_CHECK_MAX_MM,
                    deepest));
            return out;
        }
        if (d.shallowCommandedMm() > SafetyLimits.SHALLOW_CHECK_MAX_MM + EPSILON
                || d.shallowCommandedMm() < SafetyLimits.MIN_DEPTH_MM - EPSILON) {
            out.add("shallow depth check at " + d.shallowCommandedMm() + " mm, not within [" + SafetyLimits.MIN_DEPTH_MM
                    + ", " + SafetyLimits.SHALLOW_CHECK_MAX_MM + "] mm");
        }
        if (d.deepCommandedMm() < deepest - EPSILON) {
            out.add(String.format(Locale.ROOT, "deep depth check at %.2f mm, short of the deepest command %.2f mm",
                    d.deepCommandedMm(), deepest));
        }
        checkReading(out, "shallow", d.shallowCommandedMm(), d.shallowMeasuredMm());
        checkReading(out, "deep", d.deepCommandedMm(), d.deepMeasuredMm());
        return out;
    }

    private static void checkReading(List<String> out, String which, double commanded, double measured) {
        if (Math.abs(measured - commanded) > SafetyLimits.DEPTH_CHECK_TOLERANCE_MM + EPSILON) {
            out.add(String.format(Locale.ROOT, "%s depth check read %.3f mm at %.3f mm commanded: off by %.3f mm"
                    + " (limit ±%.2f mm)", which, measured, commanded, measured - commanded,
                    SafetyLimits.DEPTH_CHECK_TOLERANCE_MM));
        }
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", Math.abs(fraction) * 100);
    }
}
