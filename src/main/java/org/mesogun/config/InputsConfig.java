package org.mesogun.config;

/** {@code inputs}: how long a switch must hold a level before it counts. */
public record InputsConfig(int debounceMs) {

    static InputsConfig read(YamlSection s) {
        // Above 50 ms a trigger press would feel late and nappage timing would suffer.
        InputsConfig c = new InputsConfig(s.integer("debounce_ms", 1, 50, Limit.RANGE));
        s.finish();
        return c;
    }
}
