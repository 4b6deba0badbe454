package org.mesogun.cli;

import java.util.concurrent.Callable;
import org.mesogun.simulator.SelfTest;
import org.mesogun.simulator.SimSpec;
import org.mesogun.simulator.SimulatedGun;
import org.mesogun.simulator.VirtualClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The main job: the gun on the simulator. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run mesogun against the simulated gun.")
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--seed", description = "Simulator seed (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--depth", paramLabel = "MM", description = "Depth of the test shot (default ${DEFAULT-VALUE}).")
    double depthMm = 1.0;

    @Option(names = "--dose", paramLabel = "UL", description = "Dose of the test shot (default ${DEFAULT-VALUE}).")
    double doseUl = 20.0;

    @Option(names = "--self-test", description = "Only the simulator self-test: home, move to depth, one test shot.")
    boolean selfTest;

    @Override
    public Integer call() {
        SimSpec spec = SimSpec.defaults(seed);
        try (SimulatedGun gun = new SimulatedGun(spec, new VirtualClock(0))) {
            SelfTest.Result r = new SelfTest(gun).run(20.0, spec.nominalStepsPerMm,
                    spec.nominalFlowUlPerMs, depthMm, doseUl, 1.0);
            SelfTest.print(r, spec, System.out);
            return r.homed() && r.parkFlagAtPark() ? 0 : 1;
        }
    }
}
