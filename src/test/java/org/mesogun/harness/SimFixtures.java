package org.mesogun.harness;

import org.mesogun.config.Calibration;
import org.mesogun.simulator.SimSpec;

/** Opens the harness's package-private pieces to tests in other packages. */
public final class SimFixtures {

    private SimFixtures() {
    }

    /** The calibration a technician would leave on the simulated gun {@code spec}. */
    public static Calibration factoryCalibration(SimSpec spec) {
        return FactoryCalibration.measure(spec);
    }
}
