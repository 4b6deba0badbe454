package org.mesogun.controller.safety;

/** What the state machine says it is doing; the monitor judges the outputs against it. */
public enum Activity {
    /** Homing, idle, menus, moving to park: the valve must stay closed. */
    NONE,
    /** A session shot at depth: the valve may open at the session's depth, in skin. */
    SESSION_DOSE,
    /** Priming a new syringe: the valve may open with the needle parked and no skin contact. */
    PRIME,
    /** A technician's test shot or jog, logged in, skin contact open. */
    SERVICE
}
