package org.mesogun.config;

/** {@code valve}: the dose solenoid, its drive and its limits (requirements §2, SR-2). */
public record ValveConfig(
        int maxOpenMs,
        int peakUs,
        double holdDuty,
        int thermalWindowMs,
        double maxDutyCycle,
        int deadmanMarginMs,
        double nominalFlowUlPerMs) {

    static ValveConfig read(YamlSection s) {
        ValveConfig v = new ValveConfig(
                s.integer("max_open_ms", 1, SafetyLimits.MAX_VALVE_OPEN_MS, Limit.HARD),
                s.integer("peak_us", 100, 20_000, Limit.RANGE),
                s.decimal("hold_duty", 0.05, 1.0, Limit.RANGE),
                s.integer("thermal_window_ms", 100, 600_000, Limit.RANGE),
                s.decimal("max_duty_cycle", 0.01, 1.0, Limit.RANGE),
                // 0 would race the dead-man against the software's own close at max_open_ms.
                s.integer("deadman_margin_ms", 1, SafetyLimits.MAX_DEADMAN_MARGIN_MS, Limit.HARD),
                s.decimal("nominal_flow_ul_per_ms", 0.01, 20, Limit.RANGE));
        // The pull-in pulse must end before the longest opening does.
        if (s.problems().clean(s.pathOf("peak_us"), s.pathOf("max_open_ms")) && !s.isDead()
                && v.peakUs >= v.maxOpenMs * 1000L) {
            s.problems().add(s.pathOf("peak_us"), v.peakUs + " us is not shorter than max_open_ms "
                    + v.maxOpenMs);
        }
        s.finish();
        return v;
    }
}
