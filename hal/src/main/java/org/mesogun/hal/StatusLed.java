package org.mesogun.hal;

/** Safe state: {@link LedState#OFF}. */
public interface StatusLed extends OutputDevice {

    void set(LedState state);

    LedState state();
}
