package org.mesogun.board;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import org.mesogun.hal.HardwareFaultException;
import org.mesogun.hal.LedState;
import org.mesogun.hal.StatusLed;

/**
 * A single-colour LED on one line: lit for every state but OFF. The state is kept, so the
 * controller and telemetry still see READY vs FAULT; colour and blinking need the RGB LED
 * driver, which is not chosen yet.
 */
public final class GpioStatusLed implements StatusLed {

    private final Context context;
    private final DigitalOutput line;
    private volatile LedState state = LedState.OFF;
    private volatile boolean closed;

    GpioStatusLed(Context context, DigitalOutput line) {
        this.context = context;
        this.line = line;
    }

    public static GpioStatusLed create(Context context, int bcm) {
        return new GpioStatusLed(context, Pins.outputLowWhenSafe(context, "mesogun-led", bcm));
    }

    @Override
    public synchronized void set(LedState newState) {
        if (closed) {
            return;
        }
        try {
            line.setState(newState != LedState.OFF);
        } catch (RuntimeException e) {
            throw new HardwareFaultException("cannot write the status LED", e);
        }
        state = newState;
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
        try {
            line.low();
        } catch (RuntimeException e) {
            throw new HardwareFaultException("cannot switch the status LED off", e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            goSafe();
        } catch (RuntimeException e) {
            System.getLogger(GpioStatusLed.class.getName()).log(System.Logger.Level.WARNING,
                    "status LED safe state on close failed", e);
        }
        Pins.release(context, line);
    }
}
