package org.mesogun.board;

import java.util.HashMap;
import java.util.Map;
import org.mesogun.hal.InvalidHardwareSetupException;

/**
 * Which Broadcom (BCM) GPIO line each signal of the gun is wired to. The caller maps its
 * configuration onto this record, so the binding knows nothing of the config format.
 */
public record BoardPins(
        int step, int dir, int enable,
        int valvePwm, int deadman,
        int trigger, int home, int parkFlag, int hub, int skin, int stop,
        int led, int buzzer,
        int panelUp, int panelDown, int panelSelect) {

    /** BCM lines on the 40-pin header. */
    public static final int MAX_BCM = 27;

    public BoardPins {
        int[] all = {step, dir, enable, valvePwm, deadman, trigger, home, parkFlag, hub, skin, stop,
                led, buzzer, panelUp, panelDown, panelSelect};
        String[] names = {"step", "dir", "enable", "valve_pwm", "deadman", "trigger", "home",
                "park_flag", "hub", "skin", "stop", "led", "buzzer", "panel_up", "panel_down",
                "panel_select"};
        // Two signals on one line would make, say, a STEP edge read as a trigger press.
        Map<Integer, String> seen = new HashMap<>();
        for (int i = 0; i < all.length; i++) {
            if (all[i] < 0 || all[i] > MAX_BCM) {
                throw new InvalidHardwareSetupException(
                        names[i] + " pin must be BCM 0.." + MAX_BCM + ", got " + all[i]);
            }
            String other = seen.putIfAbsent(all[i], names[i]);
            if (other != null) {
                throw new InvalidHardwareSetupException(
                        names[i] + " and " + other + " are both on BCM " + all[i]);
            }
        }
    }
}
