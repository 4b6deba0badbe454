package org.mesogun.hal;

/**
 * An output that can hurt someone, so it names the state in which it cannot and goes there on
 * {@link #goSafe()} and on {@link #close()}.
 */
public interface OutputDevice extends AutoCloseable {

    /** What "safe" means for this device, for logs and docs, e.g. "valve closed, unpowered". */
    String safeState();

    /** Drives the device to its safe state now; the device stays usable afterwards. */
    void goSafe();

    /** Goes to the safe state, then releases the device. Idempotent; never throws. */
    @Override
    void close();
}
