package org.mesogun.config;

/** A closed interval [min, max]. */
public record Range(double min, double max) {

    public Range {
        if (min > max) {
            throw new IllegalArgumentException("range min " + min + " is above max " + max);
        }
    }

    public boolean contains(double value) {
        return value >= min && value <= max;
    }

    public boolean within(double lo, double hi) {
        return min >= lo && max <= hi;
    }

    @Override
    public String toString() {
        return "[" + min + ", " + max + "]";
    }
}
