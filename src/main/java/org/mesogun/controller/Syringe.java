package org.mesogun.controller;

import org.mesogun.config.SyringeConfig;
import org.mesogun.config.SyringeType;
import org.mesogun.controller.safety.FaultCode;

/**
 * The syringe and its priming (requirements §3): loaded from the panel (the gun shows *Change syringe*,
 * select once it is in), primed parked and off the skin with pulses until the plunger shows the
 * product flowing ({@code IDLE ⇄ PRIMING}, or from a session waiting on a new syringe back to
 * {@code ARMED}). Owns what is loaded, whether it is primed, and the priming pulses.
 */
final class Syringe {

    static final int PRIME_MIN_PULSES = 2;
    static final int PRIME_MAX_PULSES = 10;
    static final long PRIME_PULSE_MICROS = 20_000;
    static final double PRIME_FLOW_UL = 10;

    private final InjectionMachine m;
    private final ControllerSettings s;
    private double loadedUl;
    /** The type picked on the panel at the last load (the profile's first until then). */
    private int typeIndex;
    /** The fill being entered on the panel (no plunger sensor). */
    private double fillEntryUl;
    static final double FILL_STEP_UL = 500;
    private boolean primed;
    private int primePulses;
    private double primeStartMicrons;
    private long pulsesBefore;
    private int waitTicks;

    Syringe(InjectionMachine m, ControllerSettings s) {
        this.m = m;
        this.s = s;
    }

    /**
     * The syringe comes out (the panel's Load syringe, or a session waiting on a new one): nothing
     * is loaded or primed until select says the new one is in.
     */
    void unload() {
        primed = false;
        loadedUl = 0;
        m.monitor.syringeRemoved();
    }

    /** The panel's up/down while it asks for the syringe: the next or previous type. */
    void pickType(int step) {
        int n = s.syringes().types().size();
        typeIndex = Math.floorMod(typeIndex + step, n);
        m.dirty = true;
    }

    /** The type picked, the one now loaded. */
    SyringeType type() {
        return s.syringes().types().get(typeIndex);
    }

    boolean severalTypes() {
        return s.syringes().types().size() > 1;
    }

    void loaded() {
        m.panel.show(Panel.Screen.MENU);
        m.shot.newSyringe();
        SyringeType t = type();
        loadedUl = t.volumeUl();
        m.monitor.syringeLoaded(loadedUl, t.micronsPerUl());
    }

    /** Without a plunger sensor: loaded with the fill the clinician read off its scale (SR-5). */
    void loaded(double fillUl) {
        loaded();
        m.monitor.syringeFillTold(fillUl);
    }

    /** The fill entry starts at nothing: a syringe is never taken as full unless someone says so. */
    void startFillEntry() {
        fillEntryUl = 0;
        m.dirty = true;
    }

    /** Up/down on the fill entry: half a millilitre a press, within the type's volume. */
    void stepFill(int step) {
        fillEntryUl = Math.max(0, Math.min(type().volumeUl(), fillEntryUl + step * FILL_STEP_UL));
        m.dirty = true;
    }

    double fillEntryUl() {
        return fillEntryUl;
    }

    /** Plunger travel per µL of the syringe loaded. */
    double micronsPerUl() {
        return type().micronsPerUl();
    }

    /**
     * The flow now as a share of a full syringe's (what the flow calibration measured): it falls
     * as the syringe drains, and the plunger says how far it has (requirements §2).
     */
    double flowFactor() {
        return SyringeConfig.flowFactor(s.syringes().flowDropEmpty(), m.monitor.plunger().fill());
    }

    boolean loadedAny() {
        return loadedUl > 0;
    }

    void startPriming(Inputs in) {
        primePulses = 0;
        primeStartMicrons = Double.NaN;   // the first reading of the (new) syringe
        waitTicks = 0;
        pulsesBefore = in.valvePulses;
        m.go(State.PRIMING, in.now);
    }

    /** PRIMING: a pulse, a pause for the product to settle, a reading; until it flows. */
    void priming(Inputs in, Outputs out) {
        out.axisEnable = true;
        if (in.skin) {
            out.valveShut = true;
            if (m.monitor.resumeSession()) {
                m.go(State.ARMED, in.now);   // not primed: the reload screen comes back
                loadedUl = 0;
            } else {
                m.panel.refuse("Lift off skin");
                m.go(State.IDLE, in.now);
            }
            return;
        }
        if (in.valveOpen || in.valvePulses == pulsesBefore && primePulses > 0) {
            return;   // the pulse in flight
        }
        if (++waitTicks < 30 && primePulses > 0) {
            return;   // let the product settle before reading the plunger
        }
        if (Double.isNaN(primeStartMicrons)) {
            primeStartMicrons = in.plungerMicrons;
            // SR-5: the plunger's position says how full it is; a syringe that cannot give even
            // the reserve is not primed at all (pulsing it dry would read as an occlusion).
            if (in.plungerPresent && type().volumeUl() - in.plungerMicrons / micronsPerUl() <= s.reserveUl()) {
                out.valveShut = true;
                loadedUl = 0;
                if (m.monitor.resumeSession()) {
                    m.go(State.ARMED, in.now);   // the reload screen comes back
                } else {
                    m.panel.refuse("Syringe empty");
                    m.go(State.IDLE, in.now);
                }
                return;
            }
        }
        double movedUl = (in.plungerMicrons - primeStartMicrons) / micronsPerUl();
        boolean flowing = !in.plungerPresent || movedUl >= PRIME_FLOW_UL;
        // SR-5: priming also weighs the plunger against the flow calibration (parked, into the
        // air) before any dose goes into skin; it goes on until that has been judged.
        if (primePulses >= PRIME_MIN_PULSES && flowing && m.monitor.crossChecked()) {
            primed = true;
            m.events.primed(in.now, in.plungerPresent ? movedUl
                    : primePulses * PRIME_PULSE_MICROS / 1000.0 * s.flowUlPerMs());
            if (m.monitor.resumeSession()) {
                m.triggerReleased = false;
                m.go(State.ARMED, in.now);
            } else {
                m.go(State.IDLE, in.now);
            }
        } else if (primePulses >= PRIME_MAX_PULSES) {
            m.monitor.raise(FaultCode.DOSE_NOT_DELIVERED, in.now);
        } else {
            out.valvePulseMicros = Math.min(PRIME_PULSE_MICROS, s.maxOpenMicros());
            pulsesBefore = in.valvePulses;
            primePulses++;
            waitTicks = 0;
            m.dirty = true;   // the panel counts the pulses
        }
    }

    /**
     * A console hold or reset mid-prime: the valve is shut (by the caller) and priming stops. A
     * session waiting on its new syringe goes back to ARMED unprimed, where the reload screen asks
     * again; it never sits in IDLE, where the menu could edit what the session was started with.
     */
    void primingHeld(Inputs in) {
        if (m.monitor.resumeSession()) {
            loadedUl = 0;   // not primed: the reload screen comes back
            primed = false;
            m.go(State.ARMED, in.now);
        } else {
            m.go(State.IDLE, in.now);
        }
    }

    /** What is left to deliver, as the plunger says; nothing without a syringe. */
    double remainingUl() {
        return loadedUl <= 0 ? 0 : m.monitor.plunger().remainingUl();
    }

    boolean primed() {
        return primed;
    }

    int primePulses() {
        return primePulses;
    }
}
