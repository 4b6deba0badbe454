package org.mesogun.config;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** {@code storage}: where calibration, accounts, needle counters and the journal live. */
public record StorageConfig(String dataDir) {

    private static final Pattern NON_EMPTY = Pattern.compile(".+");

    public Path dataPath() {
        return Path.of(dataDir);
    }

    static StorageConfig read(YamlSection s) {
        StorageConfig c = new StorageConfig(s.text("data_dir", NON_EMPTY, "a directory"));
        s.finish();
        return c;
    }
}
