package org.mesogun.config;

/** {@code syringe}: the reservoir (SPEC §2: 2–10 mL) and the reserve never planned (SR-5). */
public record SyringeConfig(double volumeUl, double boreMm, double reserveUl) {

    /** Volume per mm of plunger travel, from which the plunger sensor measures dose. */
    public double ulPerMm() {
        double r = boreMm / 2;
        return Math.PI * r * r;
    }

    static SyringeConfig read(YamlSection s) {
        SyringeConfig c = new SyringeConfig(
                s.decimal("volume_ul", 2_000, 10_000, Limit.RANGE),
                s.decimal("bore_mm", 1, 40, Limit.RANGE),
                s.decimal("reserve_ul", 0, 10_000, Limit.RANGE));
        if (c.reserveUl >= c.volumeUl) {
            s.problems().add(s.pathOf("reserve_ul"), c.reserveUl + " is not less than volume_ul " + c.volumeUl);
        }
        s.finish();
        return c;
    }
}
