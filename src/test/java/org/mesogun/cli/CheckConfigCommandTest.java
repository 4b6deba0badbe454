package org.mesogun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckConfigCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new Main()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void defaultConfigIsReportedOk() {
        assertEquals(0, run("check-config"));
        assertEquals("config OK: 7 protocols, device gun-sim-01", out.toString().strip());
    }

    @Test
    void everyProblemIsPrintedAndExitStatusIsTwo(@TempDir Path dir) throws Exception {
        String yaml = Files.readString(Path.of("config", "mesogun.yaml"))
                .replace("max_depth_mm: 4.0", "max_depth_mm: 5.0")
                .replace("lead_mm: 2.0", "lead_m: 2.0");
        Files.writeString(dir.resolve("mesogun.yaml"), yaml);
        assertEquals(2, run("check-config", "--config", dir.toString()));
        String text = err.toString();
        assertTrue(text.contains("needle.max_depth_mm: 5.0 is above the hard limit 4.0"), text);
        assertTrue(text.contains("mechanics.lead_m: unknown key"), text);
        assertTrue(text.contains("mechanics.lead_mm: missing"), text);
    }

    @Test
    void missingFileIsAProblemNotACrash(@TempDir Path dir) {
        assertEquals(2, run("check-config", "--config", dir.resolve("nope.yaml").toString()));
        assertTrue(err.toString().contains("no such file"), err.toString());
    }
}
