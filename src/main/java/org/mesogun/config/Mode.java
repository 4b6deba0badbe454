package org.mesogun.config;

import java.util.Locale;
import java.util.Optional;

/** The injection modes of requirements §3; the YAML spells them in lower case. */
public enum Mode {
    /** One injection per trigger press. */
    POINT,
    /** Repeated shallow injections while the trigger is held, at up to 9 shots/s. */
    NAPPAGE,
    /** One insertion, a larger dose as a train of valve pulses, then retract. */
    PERFUSION;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Only the exact lower-case spelling: a config file has one way to say each thing. */
    public static Optional<Mode> fromYaml(String text) {
        for (Mode m : values()) {
            if (m.yamlName().equals(text)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
