package org.mesogun.hal;

/**
 * Measures the syringe plunger's travel, from which delivered volume follows (travel × bore
 * area). Readings are quantised to {@link #resolutionMicrons()} and noisy.
 */
public interface PlungerSensor {

    boolean isPresent();

    double resolutionMicrons();

    /**
     * Plunger travel from the syringe's full mark, in microns; increases as product leaves. Read
     * when a syringe is loaded, it says how full that syringe is: a syringe is never assumed full
     * (SR-5).
     */
    double travelMicrons();
}
