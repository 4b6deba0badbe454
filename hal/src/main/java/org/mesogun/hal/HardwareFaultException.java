package org.mesogun.hal;

/** The hardware answered in a way that means it cannot be trusted (bus error, chip reset, ...). */
public final class HardwareFaultException extends HalException {
    private static final long serialVersionUID = 1L;

    public HardwareFaultException(String message) {
        super(message);
    }

    public HardwareFaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
