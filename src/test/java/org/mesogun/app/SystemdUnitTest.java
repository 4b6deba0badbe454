package org.mesogun.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shipped unit passes systemd's own check, and starts `run` with options `run` has. */
class SystemdUnitTest {

    private static final Path UNIT = Path.of("deploy", "mesogun.service");

    @Test
    void theUnitPassesSystemdAnalyzeVerify() throws Exception {
        boolean present = Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))
                || Files.isExecutable(Path.of("/bin/systemd-analyze"));
        assumeTrue(present, "systemd-analyze is not installed (.ci/run installs systemd)");
        Process p = new ProcessBuilder("systemd-analyze", "verify", UNIT.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(!out.contains("mesogun.service:"), "warnings about the unit: " + out);
    }

    @Test
    void theUnitStopsWithSigtermAndUsesRunsOwnOptions() throws Exception {
        String unit = Files.readString(UNIT);
        assertTrue(unit.contains("KillSignal=SIGTERM"));
        for (String option : new String[] {"run", "--config", "--data-dir", "--watchdog-device"}) {
            assertTrue(unit.contains(" " + option + " ") || unit.contains(" " + option + "\n"), option);
        }
        String help = new picocli.CommandLine(new org.mesogun.cli.Main()).getSubcommands()
                .get("run").getUsageMessage();
        for (String option : new String[] {"--config", "--data-dir", "--watchdog-device"}) {
            assertTrue(help.contains(option), "run --help lacks " + option);
        }
    }
}
