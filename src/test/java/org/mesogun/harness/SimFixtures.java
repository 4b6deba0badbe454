package org.mesogun.harness;

import org.mesogun.config.Calibration;
import org.mesogun.simulator.SimSpec;

/** Opens the harness's package-private pieces to tests in other packages. */
public final class SimFixtures {

    /** A point the harness recorded as completed: the ground truth telemetry is judged against. */
    public record CompletedPoint(int session, int point, int needle, double measuredUl) {
    }

    public static java.util.List<CompletedPoint> completedPoints(RunResult r) {
        return r.recorder().points.stream()
                .map(p -> new CompletedPoint(p.session(), p.point(), p.needle(), p.measuredUl())).toList();
    }

    private SimFixtures() {
    }

    /** The calibration a technician would leave on the simulated gun {@code spec}. */
    public static Calibration factoryCalibration(SimSpec spec) {
        return FactoryCalibration.measure(spec);
    }
}
