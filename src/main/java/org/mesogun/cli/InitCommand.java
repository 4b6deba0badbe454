package org.mesogun.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mesogun.config.ConfigException;
import org.mesogun.config.ConfigLoader;
import org.mesogun.config.DeviceConfig;
import org.mesogun.storage.MappedNeedleCounters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The one explicit first start of a data directory (SR-4): fresh needle counters, needle 1, not
 * locked out. Every other start that finds no counters, or damaged ones, locks the fitted needle
 * out, so a deleted file or a mistyped {@code --data-dir} never makes a used needle fresh. The
 * installer runs this once.
 */
@Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Make a new data directory: fresh needle counters (needle 1, not locked out). Refuses a "
                + "directory that has counters already. Run once per gun (deploy/install.sh does).", ""})
final class InitCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "DIR", description = "Device profile (default ${DEFAULT-VALUE}).")
    Path config = Path.of("config");

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The data directory (default: the profile's storage.data_dir).")
    Path dataDir;

    @Override
    public Integer call() {
        Path data = dataDir;
        if (data == null) {
            DeviceConfig cfg;
            try {
                cfg = ConfigLoader.load(config);
            } catch (ConfigException e) {
                System.err.println("init: " + e.getMessage());
                return 2;
            }
            data = cfg.storage().dataPath(config);
        }
        Path file = data.resolve(MappedNeedleCounters.FILE_NAME);
        try {
            MappedNeedleCounters.initialise(file);
        } catch (IOException e) {
            System.err.println("init: " + e.getMessage());
            return 1;
        }
        System.out.println("init: " + data.toAbsolutePath() + " is a new data directory: needle #1, 0 punctures, "
                + "not locked out; calibrate over the console before the gun arms");
        return 0;
    }
}
