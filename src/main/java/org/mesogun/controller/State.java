package org.mesogun.controller;

/** The injection state machine's states (requirements §3), plus start-up, homing and priming. */
public enum State {
    BOOT, HOMING, IDLE, PRIMING, ARMED, INSERT, SETTLE, DOSE, DWELL, RETRACT, FAULT, SERVICE;

    /** A shot is in progress: the needle may be in the skin. */
    public boolean inShot() {
        return this == INSERT || this == SETTLE || this == DOSE || this == DWELL || this == RETRACT;
    }
}
