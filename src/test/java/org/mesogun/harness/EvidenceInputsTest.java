package org.mesogun.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/reliability.md's inputs from target/: what is there is reported, what is not says "not run". */
class EvidenceInputsTest {

    @TempDir
    Path dir;

    private static final String PIT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <mutations>
            <mutation detected='true' status='KILLED' numberOfTestsRun='3'><sourceFile>SafetyMonitor.java</sourceFile>\
            <mutatedClass>org.mesogun.controller.safety.SafetyMonitor</mutatedClass><mutatedMethod>check</mutatedMethod>\
            <lineNumber>10</lineNumber><mutator>org.pitest.mutationtest.engine.gregor.mutators.MathMutator</mutator>\
            <description>Replaced addition</description></mutation>
            <mutation detected='true' status='TIMED_OUT' numberOfTestsRun='1'><sourceFile>SafetyMonitor.java</sourceFile>\
            <mutatedClass>org.mesogun.controller.safety.SafetyMonitor$Inner</mutatedClass><mutatedMethod>x</mutatedMethod>\
            <lineNumber>12</lineNumber><mutator>a.B</mutator><description>d</description></mutation>
            <mutation detected='false' status='SURVIVED' numberOfTestsRun='2'><sourceFile>PlungerWatch.java</sourceFile>\
            <mutatedClass>org.mesogun.controller.safety.PlungerWatch</mutatedClass><mutatedMethod>observe</mutatedMethod>\
            <lineNumber>120</lineNumber><mutator>org.pitest.ConditionalsBoundaryMutator</mutator>\
            <description>changed conditional boundary</description></mutation>
            </mutations>
            """;

    @Test
    void pitCountsDetectedPerTopClassAndListsEverySurvivor() throws IOException {
        Files.writeString(dir.resolve("mutations.xml"), PIT);
        EvidenceInputs.Pit pit = new EvidenceInputs(dir, dir.resolve("mutations.xml"), dir.resolve("none")).pit();

        assertEquals(List.of(new EvidenceInputs.PitClass("org.mesogun.controller.safety", "PlungerWatch", 0, 1),
                new EvidenceInputs.PitClass("org.mesogun.controller.safety", "SafetyMonitor", 2, 2)), pit.classes());
        assertEquals(2, pit.detected());
        assertEquals(3, pit.total());
        assertEquals(List.of(new EvidenceInputs.Survivor("PlungerWatch", "observe", 120, "ConditionalsBoundaryMutator",
                "changed conditional boundary")), pit.survivors());
    }

    @Test
    void theReportCarriesTheFragmentsAndSaysWhatWasNotRun() throws IOException {
        Files.writeString(dir.resolve("crash.md"), "**kill -9 at 20 random moments**: lost 0\n");
        Files.writeString(dir.resolve("mutations.xml"), PIT);
        Files.writeString(dir.resolve("jmh.json"), """
                [{"benchmark":"org.mesogun.jmh.TickBenchmark.tickDuringShots",
                  "primaryMetric":{"score":75.2,"scoreError":3.1,"scoreUnit":"ns/op"}}]
                """);
        EvidenceInputs in = new EvidenceInputs(dir, dir.resolve("mutations.xml"), dir.resolve("jmh.json"));
        assertNull(in.fragment("outage"));

        String md = ReliabilityReport.markdown(List.of(), new ReliabilityReport.Soak(10, 1, 0, 1, 1, 1, 100),
                "scripts/reliability.sh", in);

        assertTrue(md.contains("## Crash: kill -9\n\n**kill -9 at 20 random moments**: lost 0"), md);
        assertTrue(md.contains("## Broker outage\n\n_Not run since the last build: `mvn -Dtest=OutageTest"), md);
        assertTrue(md.contains("| org.mesogun.controller.safety | **all** | **2 / 3 = 66.7 %** |"), md);
        assertTrue(md.contains("| | **total** | **2 / 3 = 66.7 %** |"), md);
        assertTrue(md.contains("- `PlungerWatch.observe` line 120, ConditionalsBoundaryMutator"), md);
        assertTrue(md.contains("| TickBenchmark.tickDuringShots | 75.2 ns/op | 3.1 |"), md);
    }

    @Test
    void withoutPitOrJmhTheReportSaysHowToRunThem() throws IOException {
        EvidenceInputs in = new EvidenceInputs(dir, dir.resolve("missing.xml"), dir.resolve("missing.json"));
        String md = ReliabilityReport.markdown(List.of(), new ReliabilityReport.Soak(10, 1, 0, 1, 1, 1, 100),
                "scripts/reliability.sh", in);
        assertTrue(md.contains("_No PIT report in target/: `mvn -Pmutation"), md);
        assertTrue(md.contains("## Micro-benchmarks (JMH)") && md.contains("_Not run since the last build._"), md);
    }
}
