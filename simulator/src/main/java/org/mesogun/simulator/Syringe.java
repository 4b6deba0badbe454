package org.mesogun.simulator;

/**
 * The pressurised syringe: what is left in it and how fast it flows through an open valve. Flow
 * falls as the syringe drains (less spring/gas pressure) and with a thicker product.
 */
final class Syringe {

    private final SimSpec spec;
    private double volumeUl;
    private double remainingUl;
    private double travelMicrons;

    Syringe(SimSpec spec) {
        this.spec = spec;
        load(spec.syringeVolumeUl);
    }

    /**
     * A syringe of {@code volume} goes in, as full as the world says ({@link SimSpec#syringeFill});
     * the plunger sits where that fill puts it, travel counted from the full mark.
     */
    void load(double volume) {
        volumeUl = volume;
        remainingUl = volume * spec.syringeFill;
        travelMicrons = (volume - remainingUl) * spec.micronsPerUl();
    }

    /** Flow through an open valve right now, before per-shot noise. */
    double flowUlPerMs(double viscosity) {
        if (remainingUl <= 0) {
            return 0;
        }
        double fill = remainingUl / volumeUl;
        return spec.trueFlowUlPerMs * (1 - spec.drainFlowDrop * (1 - fill)) / viscosity;
    }

    /** Takes up to {@code ul} out of the syringe; returns what really left. */
    double draw(double ul) {
        double taken = Math.min(ul, remainingUl);
        remainingUl -= taken;
        travelMicrons += taken * spec.micronsPerUl();
        return taken;
    }

    double remainingUl() {
        return remainingUl;
    }

    double volumeUl() {
        return volumeUl;
    }

    double travelMicrons() {
        return travelMicrons;
    }
}
