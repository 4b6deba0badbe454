package org.mesogun.telemetry;

/**
 * Where each field of an event sits in a ring slot's payload (after the 8-byte stamp). One layout
 * for every event keeps the slot fixed-size; which fields an event uses is listed by its type.
 */
final class RingLayout {

    static final int TYPE = 0;     // int: one of the constants below
    static final int A = 4;        // int: session / fault ordinal
    static final int NOW = 8;      // long: the loop's clock, ns
    static final int WALL_MS = 16; // long: epoch ms when the loop emitted it
    static final int B = 24;       // int: point / protocol / points / state ordinal
    static final int C = 28;       // int: needle serial / cause / reason / to-state ordinal
    static final int D1 = 32;      // double: depth mm / primed uL / delivered uL
    static final int D2 = 40;      // double: target uL / dose uL
    static final int D3 = 48;      // double: measured uL
    static final int L1 = 56;      // long: valve open µs / lot
    static final int D = 64;       // int: punctures / soft-limit override (0/1)

    static final int STATE = 1;
    static final int SESSION_STARTED = 2;
    static final int POINT = 3;
    static final int POINT_ABORTED = 4;
    static final int NEEDLE = 5;
    static final int PRIMED = 6;
    static final int ALARM = 7;
    static final int ALARM_CLEARED = 8;
    static final int SESSION_ENDED = 9;

    private RingLayout() {
    }
}
