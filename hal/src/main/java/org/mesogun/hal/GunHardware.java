package org.mesogun.hal;

/**
 * Everything the controller can touch on one gun. Implemented by the Pi4J binding and by the
 * simulator; the controller knows nothing else of either.
 */
public interface GunHardware extends AutoCloseable {

    NeedleAxis axis();

    AxisFeedback feedback();

    DoseValve valve();

    PlungerSensor plunger();

    DigitalInput trigger();

    DigitalInput homeSwitch();

    /** Active while a needle is fitted on the hub. */
    DigitalInput needleHub();

    DigitalInput skinContact();

    DigitalInput stopButton();

    ClinicianPanel panel();

    StatusLed led();

    Buzzer buzzer();

    /** Every output to its safe state, valve first, then everything released. Idempotent. */
    @Override
    void close();
}
