package org.mesogun.controller;

/** Why a session ended; recorded with the session and published. */
public enum SessionEnd {
    /** The clinician ended it on the panel. */
    PANEL,
    /** The stop button (an adverse event): at once. */
    STOP,
    /** The reservoir cannot deliver another dose above its reserve and no new syringe was loaded. */
    RESERVOIR_EMPTY,
    /** The next dose would pass the session's cumulative cap (SR-5). */
    SESSION_CAP,
    /** A latched fault ended it. */
    FAULT,
    /** The service stopped (SIGTERM) during the session. */
    SHUTDOWN
}
