package org.mesogun.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mesogun.config.ConfigLoader;
import org.mesogun.config.DeviceConfig;
import org.mesogun.controller.EventSink;

/** Runs of the simulated session for tests: the default profile, optionally edited. */
final class Runs {

    private Runs() {
    }

    static DeviceConfig profile() {
        return ConfigLoader.load(Path.of("config"));
    }

    /** The default profile with one line replaced, e.g. {@code "  present: true"} → false. */
    static DeviceConfig profileWith(String line, String replacement) {
        try {
            String yaml = Files.readString(Path.of("config", ConfigLoader.FILE_NAME));
            if (!yaml.contains(line)) {
                throw new IllegalArgumentException("no line '" + line + "' in the default profile");
            }
            return ConfigLoader.parse(yaml.replace(line, replacement).getBytes(), "edited default profile");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static RunResult run(DeviceConfig cfg, Scenario scenario) {
        return new SimulationRun(cfg, scenario, null, EventSink.NONE, false).run();
    }

    static RunResult run(Scenario scenario) {
        return run(profile(), scenario);
    }
}
