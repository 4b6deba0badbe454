package org.mesogun.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mesogun.Verifies;

/**
 * `run` in a child JVM on the mock platform, stopped by SIGTERM as systemd stops it: it ends
 * cleanly, the output lines read back off the pins are all in their safe state, the needle counters
 * are marked clean and the hardware watchdog is disarmed.
 */
class RunSigtermTest {

    @TempDir
    Path dir;

    @Test
    @Verifies("SR-11")
    void sigtermLeavesTheOutputsSafe() throws Exception {
        Path watchdog = dir.resolve("watchdog");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.mesogun.cli.Main", "run", "--mock-platform",
                "--config", "config", "--data-dir", dir.resolve("data").toString(),
                "--watchdog-device", watchdog.toString(), "--status-every", "0")
                .redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean signalled = false;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (!signalled && line.startsWith("running:")) {
                    Thread.sleep(1_000);   // homing under way
                    // SIGTERM, as systemd sends it (Process.destroy would also close our pipes)
                    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
                    signalled = true;
                }
            }
        } finally {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        String all = String.join("\n", lines);
        assertTrue(all.contains("stopped cleanly"), all);
        String outputs = lines.stream().filter(l -> l.startsWith("outputs: ")).findFirst().orElse("");
        assertTrue(outputs.contains("step=LOW") && outputs.contains("enable=LOW") && outputs.contains("deadman=LOW")
                && outputs.contains("valve=off"), "outputs after SIGTERM: " + outputs + "\n" + all);
        byte[] wd = Files.readAllBytes(watchdog);
        assertTrue(wd.length > 1, "the watchdog was fed");
        assertEquals('V', wd[wd.length - 1], "disarmed by the clean stop");
    }
}
