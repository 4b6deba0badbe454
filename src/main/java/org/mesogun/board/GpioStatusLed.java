package org.mesogun.board;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import org.mesogun.hal.LedState;
import org.mesogun.hal.StatusLed;

/**
 * A single-colour LED on one line: lit for every state but OFF. The state is kept, so the
 * controller and telemetry still see READY vs FAULT; colour and blinking need the RGB LED
 * driver, which is not chosen yet.
 */
public final class GpioStatusLed implements StatusLed {

    private final OneLineOutput out;
    private volatile LedState state = LedState.OFF;

    GpioStatusLed(Context context, DigitalOutput line) {
        this.out = new OneLineOutput(context, line, "status LED");
    }

    public static GpioStatusLed create(Context context, int bcm) {
        return new GpioStatusLed(context, Pins.outputLowWhenSafe(context, "mesogun-led", bcm));
    }

    @Override
    public synchronized void set(LedState newState) {
        if (out.write(newState != LedState.OFF)) {
            state = newState;
        }
    }

    @Override
    public LedState state() {
        return state;
    }

    @Override
    public String safeState() {
        return "off";
    }

    @Override
    public synchronized void goSafe() {
        state = LedState.OFF;
        out.low();
    }

    @Override
    public void close() {
        out.close(this::goSafe);
    }
}
