package org.mesogun.board;

import org.mesogun.hal.PlungerSensor;

/**
 * The GPIO board has no plunger sensor interface yet, so dosing on it is open loop. Readings are
 * NaN, which no arithmetic can mistake for a measurement; callers check {@link #isPresent()}.
 */
final class AbsentPlungerSensor implements PlungerSensor {

    @Override
    public boolean isPresent() {
        return false;
    }

    @Override
    public double resolutionMicrons() {
        return Double.NaN;
    }

    @Override
    public double travelMicrons() {
        return Double.NaN;
    }
}
