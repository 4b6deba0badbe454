package org.mesogun.config;

import java.util.List;

/**
 * The configuration is unusable, so the service must refuse to start (requirements §8); also thrown
 * for a calibration offered for saving that is out of range. Carries every problem found, each
 * prefixed with its path, so one run tells the technician all of them.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
