package org.mesogun.simulator;

/**
 * Told of what really happens, from the simulator's true state; the safety judge and reports
 * listen, the controller never does. Called from inside {@link SimulatedGun#advanceTo(long)}.
 */
public interface TruthListener {

    /** A valve pulse has ended and its product has stopped flowing. */
    default void shotDelivered(long at, double ul, double excessUl, double minTipDepthMm,
            double maxTipDepthMm, boolean intoSkin, boolean skinLostDuringFlow) {
    }

    /** The needle tip entered the skin. */
    default void puncture(long at, int needleSerial, int puncturesOnNeedle) {
    }
}
