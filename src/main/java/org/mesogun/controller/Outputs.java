package org.mesogun.controller;

import org.mesogun.hal.LedState;

/**
 * What the state machine proposes for this tick. The safety monitor may veto or override any of
 * it before {@link OutputStage} applies it; preallocated and reset each tick.
 */
public final class Outputs {

    public static final long NO_MOVE = Long.MIN_VALUE;

    public boolean axisEnable;
    /** Absolute target in steps, or {@link #NO_MOVE}. */
    public long moveTarget = NO_MOVE;
    public boolean homingProfile;
    /** With {@link #homingProfile}: the final homing approach, slower still. */
    public boolean fineProfile;
    public boolean haltAxis;
    /** Redefine the axis position (after homing), or {@link #NO_MOVE}. */
    public long setPosition = NO_MOVE;
    /** A valve pulse to start this tick, in µs; 0 for none. */
    public long valvePulseMicros;
    public boolean valveShut;
    public LedState led = LedState.OFF;
    public boolean buzzer;
    public final StringBuilder line1 = new StringBuilder(24);
    public final StringBuilder line2 = new StringBuilder(24);
    public boolean displayChanged;

    void resetCommands() {
        moveTarget = NO_MOVE;
        homingProfile = false;
        fineProfile = false;
        haltAxis = false;
        setPosition = NO_MOVE;
        valvePulseMicros = 0;
        valveShut = false;
    }

    /** The safe outputs: valve shut, no pulse, no move. */
    public void forceValveSafe() {
        valvePulseMicros = 0;
        valveShut = true;
    }
}
