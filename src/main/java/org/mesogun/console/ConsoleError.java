package org.mesogun.console;

/**
 * The console's numbered errors ({@code error:<code> <message>}), stable like grbl's table:
 * docs/console.md lists them. Alarms are the controller's fault numbers (docs/faults.md).
 */
public enum ConsoleError {
    LINE_TOO_LONG(1, "line longer than 256 bytes"),
    NON_PRINTABLE(2, "non-printable byte in the line"),
    UNKNOWN_COMMAND(3, "unknown command"),
    BAD_SYNTAX(4, "bad or missing argument"),
    OUT_OF_RANGE(5, "value out of range"),
    LOGIN_REQUIRED(6, "log in first"),
    LOGIN_FAILED(7, "wrong user or PIN"),
    LOCKED_OUT(8, "too many wrong PINs: console locked"),
    PIN_CHANGE_REQUIRED(9, "set a new PIN first (PIN SET <new>)"),
    NOT_IN_SERVICE(10, "only in SERVICE (SERVICE ON)"),
    SESSION_RUNNING(11, "a session is running"),
    FAULT_LATCHED(12, "a fault is latched"),
    BUSY(13, "the gun is busy with the previous command"),
    NOT_IDLE(14, "the gun is not idle"),
    CALIBRATION_REJECTED(15, "calibration rejected"),
    NOTHING_TO_SAVE(16, "nothing changed since the last save"),
    STORAGE(17, "could not save"),
    NOT_PERMITTED(18, "this account may not do that"),
    ACCOUNT(19, "account change refused"),
    NOT_HOMED(20, "home the axis first (HOME)"),
    SKIN_CONTACT(21, "skin contact closed: lift the gun"),
    HELD(22, "stopped by hold or reset"),
    FAILED(23, "the gun could not do it (see ALARM)"),
    TIMEOUT(24, "the gun did not answer in time"),
    NOT_ZEROED(25, "ZERO at tip-flush first");

    private final int code;
    private final String text;

    ConsoleError(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() {
        return code;
    }

    public String text() {
        return text;
    }

    /** The reply line, with a detail after the standard text when there is one. */
    public String line(String detail) {
        return "error:" + code + " " + text + (detail == null || detail.isEmpty() ? "" : ": " + detail);
    }
}
