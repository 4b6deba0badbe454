package org.mesogun.config;

/**
 * The outcome of reading the calibration at start-up (SR-10). Only {@link Status#VALID} lets the
 * gun arm; otherwise {@code calibration} is the config's nominal (the saved one when only
 * {@link Status#UNVERIFIED}), enough to home and jog in SERVICE, and {@code reason} is what the
 * alarm says.
 */
public record CalibrationLoad(Status status, Calibration calibration, String reason) {

    public enum Status {
        /** Checksum, format and ranges all good. */
        VALID,
        /** No file yet: the gun runs on "uncalibrated factory nominal" until a technician calibrates. */
        MISSING,
        /** Unreadable, damaged, of another format, or out of range for this config. */
        CORRUPT,
        /**
         * Good, but its depth values were not checked with the gauge (SR-1): it is the calibration
         * in use, so the technician can check it, and it does not arm until they have.
         */
        UNVERIFIED
    }

    public boolean armable() {
        return status == Status.VALID;
    }
}
