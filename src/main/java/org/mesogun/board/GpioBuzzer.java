package org.mesogun.board;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import org.mesogun.hal.Buzzer;

/** An active buzzer (it makes its own tone) on one line: high sounds it. */
public final class GpioBuzzer implements Buzzer {

    private final OneLineOutput out;
    private volatile boolean sounding;

    GpioBuzzer(Context context, DigitalOutput line) {
        this.out = new OneLineOutput(context, line, "buzzer");
    }

    public static GpioBuzzer create(Context context, int bcm) {
        return new GpioBuzzer(context, Pins.outputLowWhenSafe(context, "mesogun-buzzer", bcm));
    }

    @Override
    public synchronized void sound(boolean on) {
        if (out.write(on)) {
            sounding = on;
        }
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
        out.low();
    }

    @Override
    public void close() {
        out.close(this::goSafe);
    }
}
