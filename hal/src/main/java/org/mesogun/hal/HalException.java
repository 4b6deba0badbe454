package org.mesogun.hal;

/**
 * Root of every failure the hardware layer reports. Unchecked, so the control loop's hot path
 * carries no throws clauses; the loop catches this one type and goes to the safe state.
 */
public class HalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HalException(String message) {
        super(message);
    }

    public HalException(String message, Throwable cause) {
        super(message, cause);
    }
}
