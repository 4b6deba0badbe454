package org.mesogun.board;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import org.mesogun.hal.HardwareFaultException;

/**
 * One output line whose safe level is low: what the LED and the buzzer share. Writes after
 * close are ignored; close drives the line low (a failure is logged, never thrown, so one device
 * cannot keep the next one live) and releases it. Idempotent.
 */
final class OneLineOutput {

    private final Context context;
    private final DigitalOutput line;
    private final String what;
    private boolean closed;

    OneLineOutput(Context context, DigitalOutput line, String what) {
        this.context = context;
        this.line = line;
        this.what = what;
    }

    /** Sets the level; false when closed (nothing written). */
    synchronized boolean write(boolean high) {
        if (closed) {
            return false;
        }
        try {
            line.setState(high);
        } catch (RuntimeException e) {
            throw new HardwareFaultException("cannot write the " + what, e);
        }
        return true;
    }

    synchronized void low() {
        try {
            line.low();
        } catch (RuntimeException e) {
            throw new HardwareFaultException("cannot switch the " + what + " off", e);
        }
    }

    /** Runs the device's own safe-state step (which ends in {@link #low()}), then releases. */
    void close(Runnable goSafe) {
        // The flag under this lock, the device's safe step outside it: the device's own lock is
        // always taken before this one (write, low), never after.
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            goSafe.run();
        } catch (RuntimeException e) {
            System.getLogger(OneLineOutput.class.getName()).log(System.Logger.Level.WARNING,
                    what + " safe state on close failed", e);
        }
        Pins.release(context, line);
    }
}
