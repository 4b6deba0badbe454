package org.mesogun.hal;

/** A device was built with settings it cannot honour (a pin out of range, a rate of zero, ...). */
public final class InvalidHardwareSetupException extends HalException {
    private static final long serialVersionUID = 1L;

    public InvalidHardwareSetupException(String message) {
        super(message);
    }
}
