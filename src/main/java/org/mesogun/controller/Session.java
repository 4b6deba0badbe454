package org.mesogun.controller;

/**
 * The treatment session (requirements §3): started from the panel once primed, with a lot, a fresh needle
 * and room in the syringe (and, outside the soft limits, a confirmation); in session the gun is
 * ARMED between shots, waits on a syringe change when the next dose would not fit, and ends on
 * the panel, at the session cap, on a fault, on the stop button or at shutdown. Owns its number,
 * its points and its delivered total, and the depth its shots go to.
 */
final class Session {

    static final double RELOAD_MARGIN = 1.5;

    private final InjectionMachine m;
    private final ControllerSettings s;
    private boolean running;
    private int number;
    private int points;
    private double deliveredUl;
    private long target;

    Session(InjectionMachine m, ControllerSettings s) {
        this.m = m;
        this.s = s;
    }

    /** Start, as the panel asks; refused with the reason on the display. */
    void tryStart(Inputs in, boolean confirmed) {
        if (m.shutdownRequested) {
            m.panel.refuse("Shutting down");
        } else if (!m.syringe.primed()) {
            m.panel.refuse("Prime first");
        } else if (m.menu.lot() == 0) {
            m.panel.refuse("Enter the lot");
        } else if (!m.monitor.needle().fresh()) {
            // SR-4: counts lost at start (a missing or damaged counter file) say so.
            m.panel.refuse(m.monitor.needle().countsLost() ? "Needle unknown" : "Fit new needle");
        } else if (m.syringe.remainingUl() - s.reserveUl() < m.menu.doseUl() * RELOAD_MARGIN) {
            // SR-5: the plunger's position says what is in it; a part-used syringe is not full.
            m.panel.refuse("Syringe empty");
        } else if (m.monitor.syringeSuspect()) {
            // SR-5: this syringe disagreed with the flow calibration (its bore, its type).
            m.panel.refuse("Check syringe");
        } else if (!m.events.acceptingNewSessions()) {
            m.panel.refuse("Outbox full");   // requirements §7: telemetry could not keep a new session's records
        } else if (!fitsOnePulse(m.menu.doseUl())) {
            m.panel.refuse("Dose too large");
        } else if (m.menu.doseUl() < m.monitor.plunger().smallestVerifiableDoseUl() - 1e-9) {
            // SR-9: a dose the plunger sensor cannot check within its tolerance; an occlusion
            // would go unseen, shot after shot.
            m.panel.refuse("Dose too small");
        } else if (m.menu.outsideSoftLimits() && !confirmed) {
            m.panel.show(Panel.Screen.CONFIRM_OVERRIDE);
        } else {
            String why = m.monitor.beginSession(m.menu.depthMm(), m.menu.doseUl());
            if (why != null) {
                m.panel.refuse("Refused");
                return;
            }
            running = true;
            number++;
            points = 0;
            deliveredUl = 0;
            // The monitor's deepest command is the cap (SR-1): a 4.0 mm protocol goes to 3.96 mm.
            target = Math.min(s.depthSteps(m.menu.depthMm()), m.monitor.depthLimitSteps());
            m.triggerReleased = false;
            m.events.sessionStarted(in.now, number, m.menu.protocolIndex(), m.menu.depthMm(),
                    m.menu.doseUl(), m.menu.lot(), confirmed);
            m.go(State.ARMED, in.now);
        }
    }

    /**
     * Point and nappage give a dose in one valve opening, never longer than max_open_ms. The dose
     * model may stretch the calibrated time by up to {@link DoseModel#MAX_GAIN} as the syringe
     * drains; a dose that would then not fit would be cut short at max_open_ms on every shot,
     * silently, within the per-shot tolerance (found by the world search: 38 uL at a true
     * 0.88 uL/ms, every point 10 % short). Such a dose is given by perfusion, in a train.
     */
    private boolean fitsOnePulse(double doseUl) {
        if (m.menu.protocol().mode() == org.mesogun.config.Mode.PERFUSION) {
            return true;
        }
        double ms = Math.max(0, doseUl - s.flowOffsetUl()) / s.flowUlPerMs() * DoseModel.MAX_GAIN;
        return ms * 1000 <= s.maxOpenMicros();
    }

    /** ARMED: the panel's screens first, then the needle, the cap and the syringe, then a shot. */
    void armed(Inputs in, Outputs out) {
        out.axisEnable = true;
        Panel panel = m.panel;
        if (panel.screen() == Panel.Screen.RELOAD && m.selectEdge) {
            // The session waits while the clinician changes the syringe, then primes it.
            m.monitor.suspendSession();
            m.syringe.unload();
            panel.show(Panel.Screen.CHANGE_SYRINGE);
            return;
        }
        if (panel.screen() == Panel.Screen.CHANGE_SYRINGE || panel.screen() == Panel.Screen.SYRINGE_FILL) {
            if (panel.pickOrLoad()) {
                m.syringe.startPriming(in);
            }
            return;
        }
        if (m.selectEdge || m.upEdge || m.downEdge) {
            if (panel.screen() == Panel.Screen.RELOAD) {
                return;
            }
            if (panel.screen() == Panel.Screen.CONFIRM_END) {
                panel.confirm(in);
                if (!running) {
                    return;
                }
            } else if (m.selectEdge) {
                panel.show(Panel.Screen.CONFIRM_END);
            }
        }
        if (m.monitor.needle().locked() || m.monitor.needle().hubOpen()) {
            return;   // the display says why; a change is detected by the monitor
        }
        double doseUl = m.menu.doseUl();
        // Ends the session before the monitor would have to refuse a dose (it allows for a point
        // delivering up to 1.45 x its dose; this ends it a little earlier still).
        if (running && m.monitor.plunger().sessionDeliveredUl() + doseUl * RELOAD_MARGIN > s.sessionMaxDoseUl()) {
            end(in.now, SessionEnd.SESSION_CAP);
            return;
        }
        // The monitor refuses a dose the syringe cannot give; ask for a new one with room to spare,
        // since the last shot's reading is still settling and noise moves it a little.
        if (running && m.syringe.remainingUl() - s.reserveUl() < doseUl * RELOAD_MARGIN) {
            // SR-5: never fire a dose the syringe cannot give. The session waits for a new one.
            if (panel.screen() != Panel.Screen.RELOAD) {
                panel.show(Panel.Screen.RELOAD);
            }
            return;
        }
        m.shot.fireIfPressed(in, out);
    }

    /** A shot completed: counted and reported once. */
    void pointDone(long now, double targetUl, double measuredUl, long openMicros) {
        points++;
        deliveredUl += measuredUl;
        m.events.point(now, number, points, s.stepsToDepthMm(target), targetUl, measuredUl, openMicros,
                m.monitor.needle().needleSerial(), m.monitor.needle().punctures());
    }

    /** An aborted point's measured volume: in the session's total, not in its points. */
    void measured(double ul) {
        deliveredUl += ul;
    }

    void end(long now, SessionEnd reason) {
        if (!running) {
            return;
        }
        running = false;
        m.monitor.endSession();
        m.events.sessionEnded(now, number, points, deliveredUl, reason);
        if (m.state() == State.ARMED) {
            m.go(State.IDLE, now);
        }
        m.dirty = true;
    }

    boolean running() {
        return running;
    }

    int number() {
        return number;
    }

    int points() {
        return points;
    }

    double deliveredUl() {
        return deliveredUl;
    }

    long target() {
        return target;
    }
}
