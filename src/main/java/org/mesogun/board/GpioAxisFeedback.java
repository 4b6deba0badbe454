package org.mesogun.board;

import org.mesogun.hal.AxisFeedback;
import org.mesogun.hal.DigitalInput;

/**
 * The GPIO board's position feedback: the optical park flag only. An encoder would need
 * quadrature decoding faster than a JVM thread can promise; the motion-chip board reports
 * position instead (requirements §2).
 */
public final class GpioAxisFeedback implements AxisFeedback {

    private final DigitalInput parkFlag;

    public GpioAxisFeedback(DigitalInput parkFlag) {
        this.parkFlag = parkFlag;
    }

    @Override
    public DigitalInput parkFlag() {
        return parkFlag;
    }

    @Override
    public boolean hasEncoder() {
        return false;
    }

    @Override
    public long encoderSteps() {
        return 0;
    }
}
