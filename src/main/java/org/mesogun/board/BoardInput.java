package org.mesogun.board;

/** The board's debounced inputs, named for the condition that {@code isActive()} reports. */
public enum BoardInput {
    TRIGGER, HOME, PARK_FLAG, HUB, SKIN, STOP, PANEL_UP, PANEL_DOWN, PANEL_SELECT;

    /** The Pi4J IO id, unique within a context. */
    String ioId() {
        return "mesogun-" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
