package org.mesogun.config;

/**
 * {@code mechanics}: the needle axis (requirements §2). Steps/mm here is only the nominal figure; the
 * calibrated one comes from {@link Calibration} and must stay within ±5 % of it.
 */
public record MechanicsConfig(
        int fullStepsPerRev,
        int microsteps,
        double leadMm,
        double travelMm,
        double zeroFromHomeMm,
        double mechanicalStopPastZeroMm,
        double parkClearanceMm,
        double parkFlagMarginMm,
        double maxRateStepsS,
        double accelStepsS2,
        double homingRateStepsS,
        boolean encoder,
        int positionToleranceSteps,
        String axisDriver,
        int spiBus,
        int spiChipSelect) {

    /** The axis driver when the profile does not name one: STEP/DIR pulses from a JVM thread. */
    public static final String DEFAULT_AXIS_DRIVER = "gpio-step";

    public double nominalStepsPerMm() {
        return fullStepsPerRev * (double) microsteps / leadMm;
    }

    public long nominalZeroSteps() {
        return Math.round(zeroFromHomeMm * nominalStepsPerMm());
    }

    static MechanicsConfig read(YamlSection s) {
        MechanicsConfig m = new MechanicsConfig(
                s.integer("full_steps_per_rev", 1, 1000, Limit.RANGE),
                s.integer("microsteps", 1, 256, Limit.RANGE),
                s.decimal("lead_mm", 0.1, 20, Limit.RANGE),
                s.decimal("travel_mm", 5, 200, Limit.RANGE),
                s.decimal("zero_from_home_mm", 1, 200, Limit.RANGE),
                s.decimal("mechanical_stop_past_zero_mm", SafetyLimits.MIN_DEPTH_MM,
                        SafetyLimits.MECHANICAL_STOP_MM, Limit.HARD),
                s.decimal("park_clearance_mm", 0.1, 10, Limit.RANGE),
                s.decimal("park_flag_margin_mm", 0.01, 5, Limit.RANGE),
                s.decimal("max_rate_steps_s", 100, 500_000, Limit.RANGE),
                s.decimal("accel_steps_s2", 100, 100_000_000, Limit.RANGE),
                s.decimal("homing_rate_steps_s", 10, 500_000, Limit.RANGE),
                s.bool("encoder"),
                s.integer("position_tolerance_steps", 0, SafetyLimits.MAX_POSITION_TOLERANCE_STEPS, Limit.HARD),
                // Optional: the axis on a motion-controller chip instead of GPIO step pulses.
                s.has("axis_driver") ? s.text("axis_driver", java.util.regex.Pattern.compile("gpio-step|tmc5160"),
                        "gpio-step or tmc5160") : DEFAULT_AXIS_DRIVER,
                s.has("spi_bus") ? s.integer("spi_bus", 0, 6, Limit.RANGE) : 0,
                s.has("spi_cs") ? s.integer("spi_cs", 0, 2, Limit.RANGE) : 0);
        check(s, m);
        s.finish();
        return m;
    }

    private static void check(YamlSection s, MechanicsConfig m) {
        Problems p = s.problems();
        if (p.clean(s.pathOf("microsteps")) && !s.isDead() && Integer.bitCount(m.microsteps) != 1) {
            p.add(s.pathOf("microsteps"), m.microsteps + " is not a power of two");
        }
        // The needle must be able to reach the mechanical stop's side of zero inside the travel.
        if (m.zeroFromHomeMm + m.mechanicalStopPastZeroMm > m.travelMm) {
            p.add(s.pathOf("zero_from_home_mm"), m.zeroFromHomeMm + " mm + mechanical stop "
                    + m.mechanicalStopPastZeroMm + " mm is beyond travel_mm " + m.travelMm);
        }
        // Park, and the band where the flag reads "at park", must lie between home and zero.
        if (m.parkClearanceMm + m.parkFlagMarginMm >= m.zeroFromHomeMm) {
            p.add(s.pathOf("park_clearance_mm"), m.parkClearanceMm + " mm + flag margin "
                    + m.parkFlagMarginMm + " mm does not fit between home and zero ("
                    + m.zeroFromHomeMm + " mm)");
        }
        // A flag band reaching zero would report "parked" with the needle at the skin.
        if (m.parkFlagMarginMm >= m.parkClearanceMm) {
            p.add(s.pathOf("park_flag_margin_mm"), m.parkFlagMarginMm + " mm is not less than park_clearance_mm "
                    + m.parkClearanceMm);
        }
        if (m.homingRateStepsS > m.maxRateStepsS) {
            p.add(s.pathOf("homing_rate_steps_s"), m.homingRateStepsS + " is above max_rate_steps_s "
                    + m.maxRateStepsS);
        }
    }
}
