package org.mesogun.config;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** {@code storage}: where calibration, accounts, needle counters and the journal live. */
public record StorageConfig(String dataDir) {

    private static final Pattern NON_EMPTY = Pattern.compile(".+");

    /**
     * The data directory: {@code data_dir} as given when absolute (the deployed profile's), else
     * relative to the profile's own directory, never to the working directory: the same gun run
     * from another folder keeps its journal, calibration, accounts, counters and audit.
     */
    public Path dataPath(Path configDir) {
        return configDir.toAbsolutePath().normalize().resolve(dataDir).normalize();
    }

    static StorageConfig read(YamlSection s) {
        StorageConfig c = new StorageConfig(s.text("data_dir", NON_EMPTY, "a directory"));
        s.finish();
        return c;
    }
}
