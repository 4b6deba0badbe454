package org.mesogun.board;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import org.mesogun.hal.Buzzer;
import org.mesogun.hal.HardwareFaultException;

/** An active buzzer (it makes its own tone) on one line: high sounds it. */
public final class GpioBuzzer implements Buzzer {

    private final Context context;
    private final DigitalOutput line;
    private volatile boolean sounding;
    private volatile boolean closed;

    GpioBuzzer(Context context, DigitalOutput line) {
        this.context = context;
        this.line = line;
    }

    public static GpioBuzzer create(Context context, int bcm) {
        return new GpioBuzzer(context, Pins.outputLowWhenSafe(context, "mesogun-buzzer", bcm));
    }

    @Override
    public synchronized void sound(boolean on) {
        if (closed) {
            return;
        }
        try {
            line.setState(on);
        } catch (RuntimeException e) {
            throw new HardwareFaultException("cannot write the buzzer", e);
        }
        sounding = on;
    }

    @Override
    public boolean isSounding() {
        return sounding;
    }

    @Override
    public String safeState() {
        return "silent";
    }

    @Override
    public synchronized void goSafe() {
        sounding = false;
        try {
            line.low();
        } catch (RuntimeException e) {
            throw new HardwareFaultException("cannot silence the buzzer", e);
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
            System.getLogger(GpioBuzzer.class.getName()).log(System.Logger.Level.WARNING,
                    "buzzer safe state on close failed", e);
        }
        Pins.release(context, line);
    }
}
