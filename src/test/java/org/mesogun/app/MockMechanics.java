package org.mesogun.app;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;

/**
 * The gun's mechanics behind Pi4J's mock pins: the carriage moves one step per STEP rising edge
 * in the direction DIR says, the home switch closes at the home end, the park flag reads "at park"
 * behind its edge. The clinician's side (panel, trigger, skin, hub, stop) is driven by the test.
 */
final class MockMechanics {

    static final long ZERO = 8000;
    static final long PARK = ZERO - 400;
    static final long FLAG_EDGE = PARK + 100;

    private final Context context;
    private volatile long truePosition;
    private volatile boolean dirHigh;

    MockMechanics(Context context, long startPosition) {
        this.context = context;
        this.truePosition = startPosition;
        DigitalOutput step = context.registry().get("mesogun-step", DigitalOutput.class);
        DigitalOutput dir = context.registry().get("mesogun-dir", DigitalOutput.class);
        dir.addListener(e -> dirHigh = e.state() == DigitalState.HIGH);
        step.addListener(e -> {
            if (e.state() == DigitalState.HIGH) {
                truePosition += dirHigh ? 1 : -1;
                sense();
            }
        });
        sense();
    }

    private void sense() {
        long p = truePosition;
        set("mesogun-home", p <= 0);
        set("mesogun-park-flag", p <= FLAG_EDGE);
    }

    long truePosition() {
        return truePosition;
    }

    /** Drives a mock input line to a level: {@code high} true → HIGH. */
    void set(String id, boolean high) {
        MockDigitalInput in = (MockDigitalInput) context.registry().get(id, DigitalInput.class);
        DigitalState s = high ? DigitalState.HIGH : DigitalState.LOW;
        if (in.state() != s) {
            in.mockState(s);
        }
    }
}
