package org.mesogun.hal;

/** Safe state: silent. */
public interface Buzzer extends OutputDevice {

    void sound(boolean on);

    boolean isSounding();
}
