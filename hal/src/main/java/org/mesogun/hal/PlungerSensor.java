package org.mesogun.hal;

/**
 * Measures the syringe plunger's travel, from which delivered volume follows (travel × bore
 * area). Readings are quantised to {@link #resolutionMicrons()} and noisy.
 */
public interface PlungerSensor {

    boolean isPresent();

    double resolutionMicrons();

    /** Plunger travel since the syringe was loaded, in microns; increases as product leaves. */
    double travelMicrons();
}
