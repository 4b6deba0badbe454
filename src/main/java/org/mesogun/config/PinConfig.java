package org.mesogun.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code pins}: BCM GPIO numbers on the board; each line has its own pin. */
public record PinConfig(
        int step,
        int dir,
        int enable,
        int valvePwm,
        int deadman,
        int trigger,
        int home,
        int parkFlag,
        int hub,
        int skin,
        int stop,
        int led,
        int buzzer,
        int panelUp,
        int panelDown,
        int panelSelect) {

    /** The Raspberry Pi header exposes BCM 0–27. */
    static final int MAX_BCM = 27;

    /** Pin name as in the YAML → number, in file order; for wiring checks and docs. */
    public Map<String, Integer> byName() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("step", step);
        m.put("dir", dir);
        m.put("enable", enable);
        m.put("valve_pwm", valvePwm);
        m.put("deadman", deadman);
        m.put("trigger", trigger);
        m.put("home", home);
        m.put("park_flag", parkFlag);
        m.put("hub", hub);
        m.put("skin", skin);
        m.put("stop", stop);
        m.put("led", led);
        m.put("buzzer", buzzer);
        m.put("panel_up", panelUp);
        m.put("panel_down", panelDown);
        m.put("panel_select", panelSelect);
        return m;
    }

    static PinConfig read(YamlSection s) {
        PinConfig c = new PinConfig(pin(s, "step"), pin(s, "dir"), pin(s, "enable"), pin(s, "valve_pwm"),
                pin(s, "deadman"), pin(s, "trigger"), pin(s, "home"), pin(s, "park_flag"), pin(s, "hub"),
                pin(s, "skin"), pin(s, "stop"), pin(s, "led"), pin(s, "buzzer"), pin(s, "panel_up"),
                pin(s, "panel_down"), pin(s, "panel_select"));
        // Two lines on one pin would, e.g., fire the valve when the LED lights.
        Map<Integer, String> owner = new HashMap<>();
        for (Map.Entry<String, Integer> e : c.byName().entrySet()) {
            String path = s.pathOf(e.getKey());
            if (!s.problems().clean(path) || s.isDead()) {
                continue;
            }
            String first = owner.putIfAbsent(e.getValue(), e.getKey());
            if (first != null) {
                s.problems().add(path, e.getValue() + " is already used by pins." + first);
            }
        }
        s.finish();
        return c;
    }

    private static int pin(YamlSection s, String key) {
        return s.integer(key, 0, MAX_BCM, Limit.RANGE);
    }
}
