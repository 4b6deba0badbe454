package org.mesogun.simulator;

import java.util.SplittableRandom;
import org.mesogun.hal.PlungerSensor;

/** A linear sensor on the plunger: quantised to its resolution, with Gaussian noise per reading. */
final class SimPlunger implements PlungerSensor {

    private final SimSpec spec;
    private final Syringe syringe;
    private final SplittableRandom noise;
    private boolean noisy;

    SimPlunger(SimSpec spec, Syringe syringe, SplittableRandom noise) {
        this.spec = spec;
        this.syringe = syringe;
        this.noise = noise;
    }

    void setNoisy(boolean on) {
        noisy = on;
    }

    @Override
    public boolean isPresent() {
        return spec.plungerPresent;
    }

    @Override
    public double resolutionMicrons() {
        return spec.plungerResolutionMicrons;
    }

    @Override
    public double travelMicrons() {
        if (!spec.plungerPresent) {
            return 0;
        }
        double sigma = noisy ? 10 * spec.plungerNoiseMicrons : spec.plungerNoiseMicrons;
        double reading = syringe.travelMicrons() + sigma * noise.nextGaussian();
        if (noisy && noise.nextInt(50) == 0) {
            reading += (noise.nextBoolean() ? 1 : -1) * 500;  // a spike, as from a loose connector
        }
        double q = spec.plungerResolutionMicrons;
        return q > 0 ? Math.round(reading / q) * q : reading;
    }
}
