package org.mesogun.config;

/**
 * One syringe the gun takes (requirements §2: 2–10 mL), as the clinician picks it on the panel: its name
 * on the display, its volume and its bore. The bore turns plunger travel into volume, so a syringe
 * of another bore than the one picked makes every measured dose wrong by the ratio of the areas;
 * the plunger-against-flow cross-check is what catches that (SR-5). {@code micronsPerUl} is the
 * plunger travel per µL, what the plunger sensor's readings are divided by.
 */
public record SyringeType(String name, double volumeUl, double boreMm, double micronsPerUl) {

    /** Panel line 2 holds 16 characters. */
    public static final int MAX_NAME = 16;

    /** As the profile gives it: plunger travel per µL follows from the bore's area. */
    public SyringeType(String name, double volumeUl, double boreMm) {
        this(name, volumeUl, boreMm, 1000.0 / area(boreMm));
    }

    private static double area(double boreMm) {
        double r = boreMm / 2;
        return Math.PI * r * r;
    }

    /** Volume per mm of plunger travel. */
    public double ulPerMm() {
        return area(boreMm);
    }
}
