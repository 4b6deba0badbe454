package org.mesogun.config;

/** {@code session}: the cumulative dose cap (SR-5) and the shot rate limit (SR-6). */
public record SessionConfig(double maxDoseUl, int minShotIntervalMs) {

    static SessionConfig read(YamlSection s) {
        SessionConfig c = new SessionConfig(
                s.decimal("max_dose_ul", SafetyLimits.MIN_DOSE_UL, 100_000, Limit.RANGE),
                s.integer("min_shot_interval_ms", SafetyLimits.MIN_SHOT_INTERVAL_MS, 60_000, Limit.HARD));
        s.finish();
        return c;
    }
}
