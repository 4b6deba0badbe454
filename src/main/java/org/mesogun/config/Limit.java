package org.mesogun.config;

/**
 * Whose bound a value broke: a hard limit of {@link SafetyLimits} (never to be widened) or a
 * plausibility range of the loader (a typo guard, e.g. a 2 m lead screw). The message says which,
 * so nobody mistakes a plausibility range for a safety limit.
 */
enum Limit {
    HARD,
    RANGE;

    String below(String value, String bound) {
        return value + (this == HARD ? " is below the hard limit " : " is below the minimum ") + bound;
    }

    String above(String value, String bound) {
        return value + (this == HARD ? " is above the hard limit " : " is above the maximum ") + bound;
    }
}
