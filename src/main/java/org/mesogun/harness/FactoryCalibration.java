package org.mesogun.harness;

import java.time.Instant;
import org.mesogun.config.Calibration;
import org.mesogun.simulator.SimSpec;
import org.mesogun.simulator.SimulatedGun;
import org.mesogun.simulator.VirtualClock;

/**
 * The calibration a technician would leave on the simulated gun before a clinic uses it: depth
 * from a gauge (steps/mm to 0.01, zero to the step), and flow from test shots weighed on a scale
 * (two shot lengths, so the valve's opening and closing delays fall into the offset). The shots
 * are fired on a twin of the gun (same hardware, its own syringe), so the session's syringe is
 * untouched. The console issue replaces this with a calibration done over the serial line.
 */
public final class FactoryCalibration {

    private static final int SHOTS = 10;
    private static final long LONG_US = 20_000;
    private static final long SHORT_US = 5_000;

    private FactoryCalibration() {
    }

    public static Calibration measure(SimSpec spec) {
        double stepsPerMm = Math.round(spec.trueStepsPerMm * 100) / 100.0;
        long zero = Math.round(spec.trueZeroMm * spec.trueStepsPerMm);
        SimulatedGun twin = new SimulatedGun(SimSpec.builder().seed(spec.seed + 1_000_003)
                .trueStepsPerMm(spec.trueStepsPerMm).trueFlowUlPerMs(spec.trueFlowUlPerMs)
                .trueZeroMm(spec.trueZeroMm).flowOffsetUl(spec.flowOffsetUl).viscosity(spec.viscosity).build(),
                new VirtualClock(0));
        double longUl = shots(twin, LONG_US);
        double shortUl = shots(twin, SHORT_US);
        double flow = (longUl - shortUl) / ((LONG_US - SHORT_US) / 1000.0);
        double offset = shortUl - flow * SHORT_US / 1000.0;
        return new Calibration(stepsPerMm, zero, round(flow, 4), round(offset, 3), 1,
                Instant.EPOCH, "factory", depthCheck(spec, stepsPerMm, zero, 0, 0));
    }

    /**
     * The gauge readings a technician takes with these depth values (SR-1): the tip jogged to 1.0
     * mm and to the deepest command, read with the gauge's error {@code shallowErrorMm} and
     * {@code deepErrorMm} there (0: a perfect gauge), to 0.01 mm.
     */
    public static org.mesogun.config.DepthCheck depthCheck(SimSpec spec, double stepsPerMm, long zeroSteps,
            double shallowErrorMm, double deepErrorMm) {
        double deep = org.mesogun.config.SafetyLimits.MAX_DEPTH_MM - org.mesogun.config.SafetyLimits.DEPTH_MARGIN_MM;
        return new org.mesogun.config.DepthCheck(1.0, gauge(spec, stepsPerMm, zeroSteps, 1.0, shallowErrorMm),
                deep, gauge(spec, stepsPerMm, zeroSteps, deep, deepErrorMm));
    }

    /** What the gauge reads with the tip commanded to {@code mm}: the true depth, its error, to 0.01. */
    private static double gauge(SimSpec spec, double stepsPerMm, long zeroSteps, double mm, double errorMm) {
        long steps = zeroSteps + Math.round(mm * stepsPerMm);
        double trueDepth = steps / spec.trueStepsPerMm - spec.trueZeroMm;
        return Math.round((trueDepth + errorMm) * 1000) / 1000.0;
    }

    /** Mean µL per shot of {@code micros}, as the scale reads it. */
    private static double shots(SimulatedGun gun, long micros) {
        VirtualClock clock = gun.clock();
        double before = gun.truth().deliveredUl();
        for (int i = 0; i < SHOTS; i++) {
            gun.valve().armDeadman();
            gun.valve().pulse(micros);
            for (int ms = 0; ms < micros / 1000 + 200; ms++) {
                clock.advance(1_000_000);
                gun.advanceTo(clock.nanoTime());
            }
        }
        return (gun.truth().deliveredUl() - before) / SHOTS;
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
