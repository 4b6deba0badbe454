package org.mesogun.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mesogun.config.ConfigLoader;
import org.mesogun.config.DeviceConfig;
import org.mesogun.harness.EvidenceInputs;
import org.mesogun.harness.ReliabilityReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes docs/reliability.md: the fault matrix and the soak, run here on the simulator, with the
 * crash, outage, disk-full, fuzz, PIT and JMH figures that scripts/reliability.sh's earlier steps
 * left in target/.
 */
@Command(name = "reliability", mixinStandardHelpOptions = true,
        description = "Run the fault matrix and the soak on the simulator and write the report (docs/reliability.md).")
final class ReliabilityCommand implements Callable<Integer> {

    @Option(names = "--soak-points", paramLabel = "N", description = "Injections in the soak (default ${DEFAULT-VALUE}).")
    long soakPoints = 1_000_000;

    @Option(names = "--out", paramLabel = "FILE", description = "Report (default ${DEFAULT-VALUE}).")
    Path out = Path.of("docs", "reliability.md");

    @Option(names = "--config", paramLabel = "DIR", description = "Device profile (default ${DEFAULT-VALUE}).")
    Path config = Path.of("config");

    @Option(names = "--evidence", paramLabel = "DIR", description = "Figures the full-form tests and JMH left "
            + "(default ${DEFAULT-VALUE}).")
    Path evidence = Path.of("target", "evidence");

    @Option(names = "--pit", paramLabel = "FILE", description = "PIT's report (default ${DEFAULT-VALUE}).")
    Path pit = Path.of("target", "pit-reports", "mutations.xml");

    @Override
    public Integer call() throws Exception {
        DeviceConfig cfg = ConfigLoader.load(config);
        System.out.println("fault matrix: every fault x every mode ...");
        var cells = ReliabilityReport.faultMatrix(cfg);
        System.out.printf("soak: %,d injections ...%n", soakPoints);
        var soak = ReliabilityReport.soak(cfg, soakPoints, 10_000, System.out::println);
        String md = ReliabilityReport.markdown(cells, soak, "scripts/reliability.sh",
                new EvidenceInputs(evidence, pit, Path.of("target", "jmh.json")));
        Files.writeString(out, md);
        long bad = cells.stream().filter(c -> c.violations() > 0 || c.harmUl() > c.harmBoundUl()).count()
                + soak.violations();
        System.out.println("written " + out + (bad == 0 ? ": no violation" : ": " + bad + " PROBLEMS"));
        return bad == 0 ? 0 : 1;
    }
}
