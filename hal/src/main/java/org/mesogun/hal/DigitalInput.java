package org.mesogun.hal;

/**
 * A switch or sensor seen through its debouncer. {@code true} always means the named condition
 * holds (trigger pressed, home switch hit, needle fitted, skin touched, stop pressed, at park),
 * whatever the wiring's polarity.
 */
public interface DigitalInput {

    boolean isActive();
}
