package org.mesogun.config;

/**
 * SR-1: the gauge readings that show a calibration's depth values are right (steps/mm and zero
 * together): the tip jogged to a shallow and to a deep commanded depth with these very values
 * and measured there. A calibration arms only with both, each within
 * {@link SafetyLimits#DEPTH_CHECK_TOLERANCE_MM} of its command; the deep one at or beyond the
 * deepest command ({@link SafetyLimits#DEPTH_MARGIN_MM} short of the limit), so that between them
 * the true tip is never further than the tolerance plus the gauge's error from the command.
 * NaN: not measured.
 */
public record DepthCheck(double shallowCommandedMm, double shallowMeasuredMm, double deepCommandedMm,
                         double deepMeasuredMm) {

    public static final DepthCheck NONE = new DepthCheck(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public boolean complete() {
        return Double.isFinite(shallowCommandedMm) && Double.isFinite(shallowMeasuredMm)
                && Double.isFinite(deepCommandedMm) && Double.isFinite(deepMeasuredMm);
    }

    /** This check with one more reading: a shallow one (≤ 1.0 mm) or a deep one. */
    public DepthCheck with(double commandedMm, double measuredMm) {
        return commandedMm <= SafetyLimits.SHALLOW_CHECK_MAX_MM
                ? new DepthCheck(commandedMm, measuredMm, deepCommandedMm, deepMeasuredMm)
                : new DepthCheck(shallowCommandedMm, shallowMeasuredMm, commandedMm, measuredMm);
    }
}
