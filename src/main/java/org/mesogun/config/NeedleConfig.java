package org.mesogun.config;

/** {@code needle}: the depth ceiling (SR-1) and the per-needle limits (SR-4). */
public record NeedleConfig(double maxDepthMm, int punctureLimit, int timeLimitMin, int hubRemovedMs) {

    public long timeLimitNanos() {
        return timeLimitMin * 60_000_000_000L;
    }

    static NeedleConfig read(YamlSection s) {
        NeedleConfig c = new NeedleConfig(
                s.decimal("max_depth_mm", SafetyLimits.MIN_DEPTH_MM, SafetyLimits.MAX_DEPTH_MM, Limit.HARD),
                s.integer("puncture_limit", 1, 10_000, Limit.RANGE),
                s.integer("time_limit_min", 1, 24 * 60, Limit.RANGE),
                s.integer("hub_removed_ms", SafetyLimits.MIN_HUB_REMOVED_MS, 10_000, Limit.HARD));
        s.finish();
        return c;
    }
}
