package org.mesogun.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mesogun.Verifies;
import org.mesogun.config.ConfigLoader;
import org.mesogun.config.DeviceConfig;
import org.mesogun.console.AuditLog;
import org.mesogun.simulator.SimSpec;
import org.mesogun.simulator.SimulatedGun;
import org.mesogun.simulator.VirtualClock;
import org.mesogun.storage.MappedNeedleCounters;

/**
 * SR-4 at the service: a data directory that was never initialised (or lost its counters) starts
 * with the fitted needle locked out, says why at start-up and audits it; an initialised one starts
 * unlocked and audits nothing.
 */
class CountersAtStartTest {

    static final DeviceConfig CONFIG = ConfigLoader.load(Path.of("config"));

    @TempDir
    Path dir;

    private String start(Path data, boolean[] locked) throws Exception {
        SimulatedGun hw = new SimulatedGun(SimSpec.defaults(1), new VirtualClock(0));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Gun gun = Gun.on(CONFIG, hw).dataDir(data).build()) {
            Startup.report(gun, CONFIG, new PrintStream(out, true, StandardCharsets.UTF_8));
            locked[0] = gun.controller().monitor().needle().locked();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    @Verifies("SR-4")
    void aDataDirectoryWithoutCountersLocksTheNeedleOutSaysWhyAndAuditsIt() throws Exception {
        Path data = dir.resolve("typo");
        boolean[] locked = {false};
        String said = start(data, locked);
        assertTrue(locked[0], "the fitted needle is locked out");
        assertTrue(said.contains("missing") && said.contains("locked out until changed"), said);
        String audit = Files.readString(data.resolve(AuditLog.FILE_NAME));
        assertTrue(audit.contains("needle counters") && audit.contains("locked out"), audit);
    }

    @Test
    @Verifies("SR-4")
    void anInitialisedDataDirectoryStartsUnlockedAndAuditsNothing() throws Exception {
        Path data = dir.resolve("gun");
        MappedNeedleCounters.initialise(data.resolve(MappedNeedleCounters.FILE_NAME));
        boolean[] locked = {true};
        String said = start(data, locked);
        assertFalse(locked[0], said);
        assertFalse(said.contains("locked out"), said);
        assertFalse(Files.exists(data.resolve(AuditLog.FILE_NAME)), "nothing to audit");
    }
}
