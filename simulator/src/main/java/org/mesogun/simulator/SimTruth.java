package org.mesogun.simulator;

/** The simulator's true state, for the safety judge, tests and reports — never the controller. */
public interface SimTruth {

    SimSpec spec();

    /** Tip depth past the skin plane in mm (negative: inside the nose cone). */
    double tipDepthMm();

    double maxTipDepthMm();

    double carriageMm();

    long trueMotorSteps();

    long lostSteps();

    boolean flowing();

    double deliveredUl();

    double deliveredIntoSkinUl();

    /** Product delivered after a pulse's commanded end (stuck valve): harm, bounded by the dead-man. */
    double excessUl();

    double reservoirUl();

    long shots();

    boolean skinContact();

    boolean needleFitted();

    int needleSerial();

    int puncturesOnNeedle();

    boolean powered();
}
