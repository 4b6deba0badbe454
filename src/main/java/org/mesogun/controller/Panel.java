package org.mesogun.controller;

import org.mesogun.controller.safety.FaultCode;
import org.mesogun.hal.LedState;

/**
 * The clinician's panel outside a shot: the menu when IDLE (through {@link PanelMenu}), the screens
 * that ask for something (a refusal, a soft-limit confirmation, the end of a session, a syringe
 * change), and what the display and the LED show in every state. The display is redrawn only when
 * something it shows changed ({@code dirty}), into the outputs' preallocated lines.
 */
final class Panel {

    enum Screen { MENU, CONFIRM_OVERRIDE, CONFIRM_END, REFUSED, RELOAD, CHANGE_SYRINGE, SYRINGE_FILL }

    private final InjectionMachine m;
    private Screen screen = Screen.MENU;
    private String refusal = "";
    /** The needle's lock-out as the panel last showed it. */
    private boolean lockShown;
    /** Telemetry's trouble as the panel last showed it. */
    private boolean telemetryShown;

    Panel(InjectionMachine m) {
        this.m = m;
    }

    Screen screen() {
        return screen;
    }

    void show(Screen s) {
        screen = s;
        m.dirty = true;
    }

    void refuse(String why) {
        refusal = why;
        show(Screen.REFUSED);
    }

    /** A time limit locks the needle between shots, with nothing else to redraw the panel. */
    void followLockOut() {
        boolean locked = m.monitor.needle().locked();
        if (locked != lockShown) {
            lockShown = locked;
            m.dirty = true;
        }
    }

    /**
     * Telemetry offline with records waiting: a "!" at the end of the first line of the menu and
     * the session screen, so an expired certificate is not silent until the journal fills
     * (docs/clinician-guide.md). The gun works as before; nothing else changes.
     */
    void followTelemetry(Inputs in) {
        if (in.telemetryTrouble != telemetryShown) {
            telemetryShown = in.telemetryTrouble;
            m.dirty = true;
        }
    }

    /** IDLE: the menu, or the screen that is asking. */
    void idle(Inputs in) {
        if (screen != Screen.MENU) {
            confirm(in);
            return;
        }
        PanelMenu.Action a = m.menu.buttons(m.upEdge, m.downEdge, m.selectEdge);
        if (m.upEdge || m.downEdge || m.selectEdge) {
            m.dirty = true;
        }
        switch (a) {
            case LOAD -> {
                m.syringe.unload();
                screen = Screen.CHANGE_SYRINGE;
            }
            case PRIME -> {
                if (!m.syringe.loadedAny()) {
                    refuse("Load syringe");
                } else if (in.skin) {
                    refuse("Lift off skin");
                } else {
                    m.syringe.startPriming(in);
                }
            }
            case START -> m.session.tryStart(in, false);
            default -> {
            }
        }
    }

    /** A screen that asks: any button dismisses it, select says yes. */
    void confirm(Inputs in) {
        if (screen == Screen.CHANGE_SYRINGE || screen == Screen.SYRINGE_FILL) {
            pickOrLoad();
            return;
        }
        if (!(m.upEdge || m.downEdge || m.selectEdge)) {
            return;
        }
        Screen was = screen;
        show(Screen.MENU);
        if (m.selectEdge && was == Screen.CONFIRM_OVERRIDE) {
            m.session.tryStart(in, true);
        } else if (m.selectEdge && was == Screen.CONFIRM_END) {
            m.session.end(in.now, SessionEnd.PANEL);
        }
    }

    /**
     * The syringe screen: up/down pick the type going in (from the profile's library), select
     * says it is in. The bore picked is what every plunger reading is divided by.
     */
    boolean pickOrLoad() {
        if (screen == Screen.SYRINGE_FILL) {
            // SR-5 without a plunger sensor: the clinician reads the fill off the syringe's scale.
            if (m.upEdge || m.downEdge) {
                m.syringe.stepFill(m.upEdge ? 1 : -1);
            }
            if (m.selectEdge) {
                m.syringe.loaded(m.syringe.fillEntryUl());
                return true;
            }
            return false;
        }
        if (m.upEdge || m.downEdge) {
            m.syringe.pickType(m.upEdge ? -1 : 1);
        }
        if (m.selectEdge) {
            if (!m.monitor.plunger().present()) {
                m.syringe.startFillEntry();   // no sensor to say how full: the panel asks
                show(Screen.SYRINGE_FILL);
                return false;
            }
            m.syringe.loaded();
            return true;
        }
        return false;
    }

    LedState led() {
        return switch (m.state()) {
            case FAULT -> LedState.FAULT;
            case ARMED -> m.monitor.needle().locked() ? LedState.ATTENTION : LedState.READY;
            case INSERT, SETTLE, DOSE, DWELL, RETRACT, HOMING, BOOT, PRIMING -> LedState.BUSY;
            default -> LedState.ATTENTION;
        };
    }

    void render(Outputs out) {
        m.dirty = false;
        StringBuilder l1 = out.line1;
        StringBuilder l2 = out.line2;
        l1.setLength(0);
        l2.setLength(0);
        out.displayChanged = true;
        switch (m.state()) {
            case FAULT -> {
                FaultCode f = m.monitor.latched() != null ? m.monitor.latched() : m.lastAlarm();
                l1.append("ALARM ").append(f == null ? 0 : f.code());
                l2.append("Select=acknowledge");
            }
            case BOOT, HOMING -> {
                l1.append("Homing");
                l2.append("please wait");
            }
            case SERVICE -> {
                l1.append("SERVICE");
                l2.append("technician");
            }
            case PRIMING -> {
                l1.append("Priming");
                l2.append("pulse ").append(m.syringe.primePulses());
            }
            default -> renderScreen(l1, l2);
        }
    }

    private void renderScreen(StringBuilder l1, StringBuilder l2) {
        if (screen == Screen.REFUSED) {
            l1.append("Cannot start");
            l2.append(refusal);
        } else if (screen == Screen.CONFIRM_OVERRIDE) {
            l1.append("Over soft limit");
            l2.append("Select=confirm");
        } else if (screen == Screen.CHANGE_SYRINGE) {
            l1.append("Change syringe");
            if (m.syringe.severalTypes()) {
                l2.append(m.syringe.type().name());   // up/down: another type
            } else {
                l2.append("Select when in");
            }
        } else if (screen == Screen.SYRINGE_FILL) {
            l1.append("Syringe fill");
            Text.fixed(l2, m.syringe.fillEntryUl() / 1000, 1).append(" mL Sel=ok");
        } else if (screen == Screen.RELOAD) {
            l1.append("Syringe empty");
            l2.append("Load new, Select");
        } else if (screen == Screen.CONFIRM_END) {
            l1.append("End session?");
            l2.append("Select=yes");
        } else if (m.session.running()) {
            if (m.monitor.needle().locked()) {
                l1.append("CHANGE NEEDLE");
            } else {
                l1.append(m.menu.protocol().name());
            }
            l2.append('P').append(m.session.points()).append(" N").append(m.monitor.needle().punctures())
                    .append('/').append(m.monitor.needle().punctureLimit()).append(' ');
            Text.fixed(l2, m.syringe.remainingUl() / 1000, 1).append("mL");
            markTelemetry(l1);
        } else {
            m.menu.render(l1, l2, m.syringe.primed(), m.syringe.remainingUl() / 1000);
            markTelemetry(l1);
        }
    }

    /** The mark in the last of the line's 16 columns, the text cut to make room if it must. */
    private void markTelemetry(StringBuilder l1) {
        if (!telemetryShown) {
            return;
        }
        l1.setLength(Math.min(l1.length(), WIDTH - 1));
        while (l1.length() < WIDTH - 1) {
            l1.append(' ');
        }
        l1.append('!');
    }

    /** The panel's width in characters (a 16 × 2 display). */
    static final int WIDTH = 16;
}
