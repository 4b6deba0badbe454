package org.mesogun.config;

/**
 * A machine-written file (calibration, accounts) fails its checksum, format version or
 * structure. Nothing in it may be trusted, and nothing is silently replaced by defaults.
 */
public class CorruptFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CorruptFileException(String message) {
        super(message);
    }
}
