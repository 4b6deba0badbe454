package org.mesogun.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mesogun.config.ConfigLoader;
import org.mesogun.config.DeviceConfig;
import org.mesogun.harness.ReliabilityReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Regenerates docs/reliability.md: the fault matrix and the soak, on the simulator. */
@Command(name = "reliability", mixinStandardHelpOptions = true,
        description = "Run the fault matrix and the soak on the simulator and write the report (docs/reliability.md).")
final class ReliabilityCommand implements Callable<Integer> {

    @Option(names = "--soak-points", paramLabel = "N", description = "Injections in the soak (default ${DEFAULT-VALUE}).")
    long soakPoints = 1_000_000;

    @Option(names = "--out", paramLabel = "FILE", description = "Report (default ${DEFAULT-VALUE}).")
    Path out = Path.of("docs", "reliability.md");

    @Option(names = "--config", paramLabel = "DIR", description = "Device profile (default ${DEFAULT-VALUE}).")
    Path config = Path.of("config");

    @Override
    public Integer call() throws Exception {
        DeviceConfig cfg = ConfigLoader.load(config);
        System.out.println("fault matrix: every fault x every mode ...");
        var cells = ReliabilityReport.faultMatrix(cfg);
        System.out.printf("soak: %,d injections ...%n", soakPoints);
        var soak = ReliabilityReport.soak(cfg, soakPoints, 10_000, System.out::println);
        String md = ReliabilityReport.markdown(cells, soak,
                "java -jar target/mesogun.jar reliability --soak-points " + soakPoints);
        Files.writeString(out, md);
        long bad = cells.stream().filter(c -> c.violations() > 0 || c.harmUl() > c.harmBoundUl()).count()
                + soak.violations();
        System.out.println("written " + out + (bad == 0 ? ": no violation" : ": " + bad + " PROBLEMS"));
        return bad == 0 ? 0 : 1;
    }
}
