package org.mesogun.board;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import org.mesogun.hal.Debouncer;
import org.mesogun.hal.DigitalInput;
import org.mesogun.hal.NanoClock;

/**
 * A switch on a GPIO line, debounced by the HAL's {@link Debouncer} so the board and the
 * simulator agree on what a bounce is. Fed on every edge Pi4J reports (so a glitch between two
 * reads still restarts the stable time) and on every read (so a quiet line settles).
 * Edges arrive on Pi4J's event thread, reads on the loop's: the debouncer is guarded by this.
 */
public final class GpioDigitalInput implements DigitalInput {

    private final com.pi4j.io.gpio.digital.DigitalInput line;
    private final boolean activeLow;
    private final NanoClock clock;
    private final Debouncer debouncer;
    private final DigitalStateChangeListener onEdge = this::edge;

    /**
     * @param line      the Pi4J input, created with Pi4J's own debounce off
     * @param activeLow true when the condition pulls the line low
     * @param clock     time for the debouncer; injectable so tests control it
     */
    public GpioDigitalInput(com.pi4j.io.gpio.digital.DigitalInput line, boolean activeLow,
                            long debounceNanos, NanoClock clock) {
        this.line = line;
        this.activeLow = activeLow;
        this.clock = clock;
        // Starts from the level seen now: a switch already pressed at power-on counts as pressed.
        this.debouncer = new Debouncer(debounceNanos, active(line.state()), clock.nanoTime());
        line.addListener(onEdge);
    }

    @Override
    public boolean isActive() {
        boolean raw = active(line.state());
        long now = clock.nanoTime();
        synchronized (this) {
            return debouncer.update(raw, now);
        }
    }

    /** The undebounced level, for diagnostics. */
    public boolean rawActive() {
        return active(line.state());
    }

    com.pi4j.io.gpio.digital.DigitalInput line() {
        return line;
    }

    void detach() {
        line.removeListener(onEdge);
    }

    private void edge(DigitalStateChangeEvent<?> event) {
        boolean raw = active(event.state());
        long now = clock.nanoTime();
        synchronized (this) {
            debouncer.update(raw, now);
        }
    }

    private boolean active(DigitalState state) {
        return state.isHigh() != activeLow;
    }
}
