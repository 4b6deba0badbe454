package org.mesogun.controller;

import java.util.List;
import org.mesogun.config.Protocol;
import org.mesogun.config.SafetyLimits;

/**
 * The clinician panel's menu while no session runs: up/down move between items, select acts on
 * one. Depth, dose and lot are edited in place (up/down change the value, select leaves); the
 * lot is entered digit by digit, as three buttons allow. Depth and dose can only be set inside
 * the hard limits here; the soft limits are confirmed at start.
 */
final class PanelMenu {

    enum Item { PROTOCOL, DEPTH, DOSE, LOT, LOAD, PRIME, START }

    /** What a select press on the menu asks of the state machine. */
    enum Action { NONE, LOAD, PRIME, START }

    static final int LOT_DIGITS = 6;
    private static final Item[] ITEMS = Item.values();

    private final List<Protocol> protocols;
    private final double maxDepthMm;
    private int item;
    private boolean editing;
    private int lotDigit;
    private int protocol;
    private double depthMm;
    private double doseUl;
    private long lot;

    PanelMenu(List<Protocol> protocols, double maxDepthMm) {
        this.protocols = protocols;
        this.maxDepthMm = Math.min(maxDepthMm, SafetyLimits.MAX_DEPTH_MM);
        selectProtocol(0);
    }

    void selectProtocol(int index) {
        protocol = index;
        Protocol p = protocols.get(index);
        depthMm = Math.min(p.depthMm(), maxDepthMm);
        doseUl = p.doseUl();
    }

    /** Sets depth and dose directly (a scenario's or test's shortcut), within the hard limits. */
    void override(double depth, double dose) {
        depthMm = clamp(depth, SafetyLimits.MIN_DEPTH_MM, maxDepthMm);
        doseUl = clamp(dose, SafetyLimits.MIN_DOSE_UL, SafetyLimits.MAX_DOSE_UL);
    }

    /** Handles one tick's button edges; returns what select asked for. */
    Action buttons(boolean up, boolean down, boolean select) {
        if (editing) {
            edit(up, down, select);
            return Action.NONE;
        }
        if (up) {
            item = (item + ITEMS.length - 1) % ITEMS.length;
        } else if (down) {
            item = (item + 1) % ITEMS.length;
        } else if (select) {
            switch (ITEMS[item]) {
                case PROTOCOL -> selectProtocol((protocol + 1) % protocols.size());
                case DEPTH, DOSE -> editing = true;
                case LOT -> {
                    editing = true;
                    lotDigit = 0;
                }
                case LOAD -> {
                    return Action.LOAD;
                }
                case PRIME -> {
                    return Action.PRIME;
                }
                case START -> {
                    return Action.START;
                }
            }
        }
        return Action.NONE;
    }

    private void edit(boolean up, boolean down, boolean select) {
        int sign = up ? 1 : down ? -1 : 0;
        switch (ITEMS[item]) {
            case DEPTH -> depthMm = clamp(Math.round((depthMm + sign * 0.1) * 10) / 10.0,
                    SafetyLimits.MIN_DEPTH_MM, maxDepthMm);
            case DOSE -> doseUl = clamp(doseUl + sign, SafetyLimits.MIN_DOSE_UL, SafetyLimits.MAX_DOSE_UL);
            case LOT -> {
                long place = 1;
                for (int i = 0; i < LOT_DIGITS - 1 - lotDigit; i++) {
                    place *= 10;
                }
                long digit = (lot / place) % 10;
                long next = (digit + sign + 10) % 10;
                lot += (next - digit) * place;
                if (select) {
                    lotDigit++;
                    editing = lotDigit < LOT_DIGITS;
                }
                return;
            }
            default -> {
            }
        }
        if (select) {
            editing = false;
        }
    }

    void render(StringBuilder l1, StringBuilder l2, boolean primed, double syringeMl) {
        Protocol p = protocols.get(protocol);
        switch (ITEMS[item]) {
            case PROTOCOL -> {
                l1.append("Protocol");
                l2.append(p.name());
            }
            case DEPTH -> {
                l1.append(editing ? "Depth mm *" : "Depth mm");
                Text.fixed(l2, depthMm, 1);
            }
            case DOSE -> {
                l1.append(editing ? "Dose uL *" : "Dose uL");
                Text.fixed(l2, doseUl, 0);
            }
            case LOT -> {
                l1.append("Lot");
                if (editing) {
                    l1.append(" digit ").append(lotDigit + 1);
                }
                Text.digits(l2, lot, LOT_DIGITS);
            }
            case LOAD -> {
                l1.append("Load syringe");
                Text.fixed(l2, syringeMl, 1).append(" mL");
            }
            case PRIME -> {
                l1.append("Prime");
                l2.append(primed ? "primed" : "not primed");
            }
            case START -> {
                l1.append("Start session");
                l2.append(p.name());
            }
        }
    }

    boolean outsideSoftLimits() {
        Protocol p = protocols.get(protocol);
        return !p.softDepthMm().contains(depthMm) || !p.softDoseUl().contains(doseUl);
    }

    int protocolIndex() {
        return protocol;
    }

    Protocol protocol() {
        return protocols.get(protocol);
    }

    double depthMm() {
        return depthMm;
    }

    double doseUl() {
        return doseUl;
    }

    long lot() {
        return lot;
    }

    void lot(long value) {
        lot = value;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
