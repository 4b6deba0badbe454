package org.mesogun.board;

import java.util.Locale;
import org.mesogun.hal.InvalidHardwareSetupException;

/**
 * What generates the needle axis's steps on this board: a JVM step thread on STEP/DIR/ENABLE
 * (simple drivers, the mock platform, slow bench rigs) or a TMC5160 motion controller over SPI
 * (the production board, requirements §2). Config key {@code mechanics.axis_driver} (docs/board-pi4j.md).
 */
public enum AxisKind {
    GPIO_STEP("gpio-step"),
    TMC5160("tmc5160");

    private final String configName;

    AxisKind(String configName) {
        this.configName = configName;
    }

    /** The value of {@code mechanics.axis_driver} that selects this kind. */
    public String configName() {
        return configName;
    }

    /** Parses a config value; an unknown one is refused with the accepted names. */
    public static AxisKind fromConfig(String value) {
        for (AxisKind kind : values()) {
            if (kind.configName.equals(value == null ? null : value.trim().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new InvalidHardwareSetupException("mechanics.axis_driver must be gpio-step or tmc5160, got "
                + value);
    }
}
