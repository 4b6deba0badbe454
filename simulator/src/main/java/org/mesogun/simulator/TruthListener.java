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

    /**
     * Product left the needle in the last slice of time (at most 0.1 ms while the valve is
     * open): {@code ul} of it, {@code excessUl} of that after the pulse's commanded end (a stuck
     * valve), with the tip at {@code tipDepthMm} and skin contact as it truly was.
     */
    default void flowed(long at, double ul, double excessUl, double tipDepthMm, boolean skin) {
    }

    /** The nose cone truly touched ({@code touching}) or left the skin. */
    default void skinContact(long at, boolean touching) {
    }

    /** A needle was fitted; {@code fresh} is the truth (a refitted used needle is not). */
    default void needleFitted(long at, int needleSerial, boolean fresh) {
    }

    /** The needle tip entered the skin. */
    default void puncture(long at, int needleSerial, int puncturesOnNeedle) {
    }
}
