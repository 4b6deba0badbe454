package org.mesogun.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mesogun.config.ConfigException;
import org.mesogun.config.ConfigLoader;
import org.mesogun.config.DeviceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Validates a device profile without starting anything, listing every problem (requirements §8). */
@Command(name = "check-config",
        mixinStandardHelpOptions = true,
        description = "Check a configuration and list every problem with its path.")
final class CheckConfigCommand implements Callable<Integer> {

    static final int INVALID = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "DIR|FILE", defaultValue = "config",
            description = "Config directory (reads mesogun.yaml in it) or file. Default: ${DEFAULT-VALUE}.")
    private Path config;

    @Override
    public Integer call() {
        try {
            DeviceConfig c = ConfigLoader.load(config);
            java.util.List<String> files = c.mqtt().fileProblems(
                    java.nio.file.Files.isDirectory(config) ? config : config.toAbsolutePath().getParent(),
                    c.mqtt().enabled() ? c.mqtt().broker() : org.mesogun.config.MqttConfig.NONE);
            if (!files.isEmpty()) {
                throw new ConfigException(files);
            }
            spec.commandLine().getOut().println("config OK: " + c.protocols().size() + " protocols, device "
                    + c.device().id());
            return 0;
        } catch (ConfigException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("config INVALID: " + e.problems().size() + " problem(s)");
            e.problems().forEach(p -> err.println("  " + p));
            return INVALID;
        }
    }
}
