package org.mesogun.config;

/**
 * A named treatment from the protocol library (requirements §3): its default depth and dose, and the soft
 * ranges the clinician may move within without an explicit override. The hard limits are
 * {@link SafetyLimits}; the loader guarantees default ⊂ soft ⊂ hard.
 *
 * @param shotsPerS nappage only: the repetition rate while the trigger is held; 0 for point and
 *                  perfusion, which fire once per trigger press
 */
public record Protocol(String name, String area, Mode mode, double depthMm, double doseUl,
        double shotsPerS, Range softDepthMm, Range softDoseUl) {

    /** The time between nappage shots; 0 for the modes that fire once per press. */
    public double shotIntervalMs() {
        return shotsPerS > 0 ? 1000.0 / shotsPerS : 0;
    }
}
