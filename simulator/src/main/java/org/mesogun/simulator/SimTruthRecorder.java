package org.mesogun.simulator;

/** Follows the true state as physics moves it and tells the listener; allocation-free. */
final class SimTruthRecorder {

    private final SimMotor motor;
    private TruthListener listener = new TruthListener() { };
    private boolean skin;
    private boolean needle = true;
    private int needleSerial = 1;
    private int punctures;
    private boolean inSkin;
    private double maxTipDepth = Double.NEGATIVE_INFINITY;

    private double delivered;
    private double deliveredIntoSkin;
    private double excess;
    private long shots;

    // The flow episode in progress.
    private boolean flowSeen;
    private double flowMinDepth;
    private double flowMaxDepth;
    private boolean flowIntoSkin;
    private boolean skinLostDuringFlow;

    SimTruthRecorder(SimMotor motor) {
        this.motor = motor;
        this.maxTipDepth = motor.tipDepthMm();
    }

    void listen(TruthListener l) {
        this.listener = l;
    }

    void carriageMoved(long at) {
        double depth = motor.tipDepthMm();
        if (depth > maxTipDepth) {
            maxTipDepth = depth;
        }
        if (flowSeen) {
            flowMinDepth = Math.min(flowMinDepth, depth);
            flowMaxDepth = Math.max(flowMaxDepth, depth);
        }
        boolean nowInSkin = skin && needle && depth > 0;
        if (nowInSkin && !inSkin) {
            punctures++;
            listener.puncture(at, needleSerial, punctures);
        }
        inSkin = nowInSkin;
    }

    void flowed(double ul, double excessUl, long at) {
        double depth = motor.tipDepthMm();
        listener.flowed(at, ul, excessUl, depth, skin);
        if (!flowSeen) {
            flowSeen = true;
            flowMinDepth = depth;
            flowMaxDepth = depth;
            flowIntoSkin = skin && depth > 0;
            skinLostDuringFlow = false;
        }
        if (!skin) {
            skinLostDuringFlow = flowIntoSkin;
        }
        delivered += ul;
        if (skin && depth > 0) {
            deliveredIntoSkin += ul;
        }
    }

    void pulseEnded(double ul, double excessUl, long at) {
        shots++;
        excess += excessUl;
        double depth = motor.tipDepthMm();
        if (!flowSeen) {
            flowMinDepth = depth;
            flowMaxDepth = depth;
            flowIntoSkin = false;
        }
        listener.shotDelivered(at, ul, excessUl, flowMinDepth, flowMaxDepth, flowIntoSkin, skinLostDuringFlow);
        flowSeen = false;
    }

    void needleFittedAt(long at, boolean fresh) {
        listener.needleFitted(at, needleSerial, fresh);
    }

    void skin(boolean on, long at) {
        if (on != skin) {
            listener.skinContact(at, on);
        }
        skin = on;
        carriageMoved(at);
    }

    void needleFitted(boolean fitted, boolean fresh) {
        if (fitted && !needle && fresh) {
            needleSerial++;
            punctures = 0;
        }
        needle = fitted;
    }

    boolean skin() {
        return skin;
    }

    boolean needle() {
        return needle;
    }

    int needleSerial() {
        return needleSerial;
    }

    int punctures() {
        return punctures;
    }

    double maxTipDepth() {
        return maxTipDepth;
    }

    double delivered() {
        return delivered;
    }

    double deliveredIntoSkin() {
        return deliveredIntoSkin;
    }

    double excess() {
        return excess;
    }

    long shots() {
        return shots;
    }
}
