package org.mesogun.console;

import java.util.Locale;
import java.util.Optional;
import org.mesogun.config.Calibration;
import org.mesogun.config.CalibrationCheck;
import org.mesogun.config.DeviceConfig;
import org.mesogun.config.SafetyLimits;

/**
 * The settings {@code $$} dumps and {@code $name=value} sets: the calibration, which is what a
 * technician owns. The human-edited device profile (limits, protocols) is not changed from the
 * serial line. Each has a range derived from the config and the hard limits, checked on set;
 * the whole calibration is checked again by {@link CalibrationCheck} before SAVE.
 */
enum Setting {
    STEPS_PER_MM("steps_per_mm", 3) {
        @Override
        double get(Calibration c) {
            return c.stepsPerMm();
        }

        @Override
        Calibration with(Calibration c, double v) {
            // A new steps/mm leaves the depth check behind: it measured the old one (SR-1).
            return v == c.stepsPerMm() ? c : new Calibration(v, c.zeroStepsFromHome(), c.flowUlPerMs(),
                    c.flowOffsetUl(), c.version(), c.savedAt(), c.savedBy());
        }

        @Override
        double min(DeviceConfig cfg) {
            return cfg.mechanics().nominalStepsPerMm() * (1 - SafetyLimits.CALIBRATION_TOLERANCE);
        }

        @Override
        double max(DeviceConfig cfg) {
            return cfg.mechanics().nominalStepsPerMm() * (1 + SafetyLimits.CALIBRATION_TOLERANCE);
        }
    },
    ZERO_STEPS("zero_steps", 0) {
        @Override
        double get(Calibration c) {
            return c.zeroStepsFromHome();
        }

        @Override
        Calibration with(Calibration c, double v) {
            // So does a new zero.
            return Math.round(v) == c.zeroStepsFromHome() ? c : new Calibration(c.stepsPerMm(), Math.round(v),
                    c.flowUlPerMs(), c.flowOffsetUl(), c.version(), c.savedAt(), c.savedBy());
        }

        @Override
        double min(DeviceConfig cfg) {
            return 1;
        }

        @Override
        double max(DeviceConfig cfg) {
            return Math.floor(cfg.mechanics().travelMm() * cfg.mechanics().nominalStepsPerMm());
        }
    },
    FLOW_UL_PER_MS("flow_ul_per_ms", 4) {
        @Override
        double get(Calibration c) {
            return c.flowUlPerMs();
        }

        @Override
        Calibration with(Calibration c, double v) {
            return new Calibration(c.stepsPerMm(), c.zeroStepsFromHome(), v, c.flowOffsetUl(), c.version(),
                    c.savedAt(), c.savedBy(), c.depthCheck());
        }

        @Override
        double min(DeviceConfig cfg) {
            return cfg.valve().nominalFlowUlPerMs() * (1 - CalibrationCheck.FLOW_BAND);
        }

        @Override
        double max(DeviceConfig cfg) {
            return cfg.valve().nominalFlowUlPerMs() * (1 + CalibrationCheck.FLOW_BAND);
        }
    },
    FLOW_OFFSET_UL("flow_offset_ul", 3) {
        @Override
        double get(Calibration c) {
            return c.flowOffsetUl();
        }

        @Override
        Calibration with(Calibration c, double v) {
            return new Calibration(c.stepsPerMm(), c.zeroStepsFromHome(), c.flowUlPerMs(), v, c.version(),
                    c.savedAt(), c.savedBy(), c.depthCheck());
        }

        @Override
        double min(DeviceConfig cfg) {
            return -CalibrationCheck.maxFlowOffsetUl(cfg);
        }

        @Override
        double max(DeviceConfig cfg) {
            return CalibrationCheck.maxFlowOffsetUl(cfg);
        }
    };

    private final String key;
    private final int decimals;

    Setting(String key, int decimals) {
        this.key = key;
        this.decimals = decimals;
    }

    String key() {
        return key;
    }

    abstract double get(Calibration c);

    abstract Calibration with(Calibration c, double v);

    abstract double min(DeviceConfig cfg);

    abstract double max(DeviceConfig cfg);

    /** Small tolerance so that a dumped bound pastes back in. */
    boolean inRange(DeviceConfig cfg, double v) {
        return Double.isFinite(v) && v >= min(cfg) - 1e-9 && v <= max(cfg) + 1e-9;
    }

    String format(double v) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** {@code $name=value}, pasteable back. */
    String line(Calibration c) {
        return "$" + key + "=" + format(get(c));
    }

    static Optional<Setting> byKey(String key) {
        for (Setting s : values()) {
            if (s.key.equalsIgnoreCase(key)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
