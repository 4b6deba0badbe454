package org.mesogun.config;

import java.util.Locale;
import java.util.Optional;

/** Which hardware the service binds to: the simulator or the Pi4J board. */
public enum Board {
    SIMULATOR,
    PI4J;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Board> fromYaml(String text) {
        for (Board b : values()) {
            if (b.yamlName().equals(text)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }
}
