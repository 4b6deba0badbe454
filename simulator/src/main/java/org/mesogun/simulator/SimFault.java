package org.mesogun.simulator;

/** Every fault of requirements §9 the simulator can inject, by script or at run time. */
public enum SimFault {
    /** The driver stops turning the motor: every step from now on is lost. */
    STALL("stall", "the motor stops following its steps"),
    /** An obstacle 0.3 mm ahead of the carriage: steps that would pass it are lost. */
    BLOCKED_AXIS("blocked-axis", "the carriage is blocked 0.3 mm ahead of where it is"),
    /** The next move loses some of its steps (default 40), one in every two until done. */
    LOST_STEPS("lost-steps", "the next move loses steps"),
    /** The home switch never closes (broken wire). */
    HOME_SWITCH_BROKEN("home-switch-broken", "the home switch never reads active"),
    /** The park flag always reads "at park". */
    PARK_FLAG_STUCK("park-flag-stuck", "the park flag always reads at park"),
    /** The valve driver stays on after its pulse; only the dead-man cuts it. */
    VALVE_STUCK_OPEN("valve-stuck-open", "the valve stays energised after its pulse"),
    /** The valve never opens. */
    VALVE_STUCK_CLOSED("valve-stuck-closed", "the valve never opens"),
    /** The needle is blocked: no flow although the valve opens. */
    OCCLUSION("occlusion", "no flow through the needle"),
    /** The plunger sensor gets ten times its noise plus occasional spikes. */
    SENSOR_NOISE("sensor-noise", "the plunger sensor is ten times noisier and spikes"),
    /** The trigger reads pressed whatever the clinician does. */
    TRIGGER_STUCK("trigger-stuck", "the trigger reads pressed"),
    /** The needle hub opens while the next shot is in the skin. */
    HUB_OPENED_MID_SHOT("hub-opened-mid-shot", "the needle hub opens during the next shot"),
    /** The controller's loop is paused (as by a long GC) while the physics go on. */
    LOOP_PAUSE("loop-pause", "the control loop stops for 60 ms"),
    /** All power is lost: valve closes (normally closed), motor stops, the controller dies. */
    POWER_LOSS("power-loss", "the gun loses power"),
    /**
     * The home switch always reads active (shorted wire, jammed lever). Last, so that the
     * ordinals recorded in older replay seeds keep their meaning.
     */
    HOME_SWITCH_STUCK_CLOSED("home-switch-stuck-closed", "the home switch always reads active");

    private final String cliName;
    private final String description;

    SimFault(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    /** The name used on the command line and in scenarios, e.g. {@code valve-stuck-open}. */
    public String cliName() {
        return cliName;
    }

    public String description() {
        return description;
    }

    public static SimFault byName(String name) {
        for (SimFault f : values()) {
            if (f.cliName.equalsIgnoreCase(name) || f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        StringBuilder known = new StringBuilder();
        for (SimFault f : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(f.cliName);
        }
        throw new IllegalArgumentException("unknown fault '" + name + "'; known: " + known);
    }
}
