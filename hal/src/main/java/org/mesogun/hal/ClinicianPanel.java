package org.mesogun.hal;

/** The small display and up/down/select buttons the clinician uses. */
public interface ClinicianPanel extends OutputDevice {

    DigitalInput up();

    DigitalInput down();

    DigitalInput select();

    /** Shows two lines; the text is copied, so a reused buffer is fine (no allocation per call). */
    void show(CharSequence line1, CharSequence line2);
}
