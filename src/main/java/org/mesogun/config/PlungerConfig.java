package org.mesogun.config;

/** {@code plunger}: the plunger position sensor; without it dosing is open loop (requirements §2). */
public record PlungerConfig(boolean present, double resolutionUm) {

    static PlungerConfig read(YamlSection s) {
        PlungerConfig c = new PlungerConfig(s.bool("present"), s.decimal("resolution_um", 0.1, 100, Limit.RANGE));
        s.finish();
        return c;
    }
}
