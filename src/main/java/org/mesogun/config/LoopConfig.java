package org.mesogun.config;

/** {@code loop}: the real-time loop's period and its watchdog limit (requirements §5, SR-7). */
public record LoopConfig(int periodUs, int watchdogMs) {

    public long periodNanos() {
        return periodUs * 1_000L;
    }

    public long watchdogNanos() {
        return watchdogMs * 1_000_000L;
    }

    static LoopConfig read(YamlSection s) {
        LoopConfig c = new LoopConfig(
                s.integer("period_us", SafetyLimits.MIN_LOOP_PERIOD_US, SafetyLimits.MAX_LOOP_PERIOD_US, Limit.HARD),
                s.integer("watchdog_ms", SafetyLimits.MIN_WATCHDOG_MS, SafetyLimits.MAX_WATCHDOG_MS, Limit.HARD));
        // A watchdog no longer than one period would fault on every on-time tick.
        if (s.problems().clean(s.pathOf("period_us"), s.pathOf("watchdog_ms")) && !s.isDead()
                && c.watchdogMs * 1000L <= c.periodUs) {
            s.problems().add(s.pathOf("watchdog_ms"), c.watchdogMs + " ms is not longer than the loop period "
                    + c.periodUs + " us");
        }
        s.finish();
        return c;
    }
}
