package org.mesogun.hal;

/** What the status LED tells the clinician at a glance. */
public enum LedState {
    OFF,
    /** Steady green: armed, may fire. */
    READY,
    /** Blinking green: a shot or a move in progress. */
    BUSY,
    /** Steady amber: needs attention (needle change, reservoir low, not armed). */
    ATTENTION,
    /** Blinking red: latched fault. */
    FAULT
}
