package org.mesogun.hal;

/** A device was used after {@code close()}; closed outputs stay in their safe state. */
public final class DeviceClosedException extends HalException {
    private static final long serialVersionUID = 1L;

    public DeviceClosedException(String device) {
        super(device + " is closed");
    }
}
