package org.mesogun.console;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code HELP <command>}: each command's arguments, limits and what it needs, as a technician at a
 * terminal wants them (requirements §6). The limits quoted are the ones the engine enforces; a test
 * holds every command the engine knows to an entry here.
 */
final class CommandHelp {

    private CommandHelp() {
    }

    static final Map<String, String> USAGE = usage();

    private static Map<String, String> usage() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("HELP", "HELP [command]: the commands, or one command's arguments and limits");
        m.put("VERSION", "VERSION: the firmware, the profile's id and the calibration's version");
        m.put("ECHO", "ECHO ON|OFF: echo the typing (on by default); no login needed");
        m.put("LOGIN", "LOGIN <user> <pin>: 5 wrong PINs lock the console for 5 min of powered time; a login ends"
                + " after serial.login_idle_s without a command");
        m.put("LOGOUT", "LOGOUT: ends the login; unsaved changes are discarded");
        m.put("PIN", "PIN SET <new>: 4-8 digits, not the old one; in SERVICE (or at the first login)");
        m.put("USER", "USER ADD <user> <pin> [technician|admin] | USER DEL <user>: admin, in SERVICE");
        m.put("SERVICE", "SERVICE ON|OFF: logged in, no session; OFF discards unsaved changes");
        m.put("HOME", "HOME: find the home switch, then go to park (1 mm behind zero); in SERVICE");
        m.put("JOG", "JOG <mm>: move the needle -40 to +40 mm, within the travel (home to the deepest command);"
                + " in SERVICE, homed");
        m.put("ZERO", "ZERO: the tip flush with the nose is depth 0 (pending: SAVE keeps it); in SERVICE, homed");
        m.put("PRIME", "PRIME: five priming pulses, parked and off the skin; in SERVICE");
        m.put("TESTSHOT", "TESTSHOT <n> <ul>: n 1-" + ServiceCommands.MAX_TESTSHOTS + " shots of ul (1 to what"
                + " max_open_ms gives), parked, off the skin, into a cup; in SERVICE");
        m.put("CAL", "CAL DEPTH <commanded_mm> <measured_mm> (0.5-10, after ZERO) | CAL CHECK <commanded_mm>"
                + " <measured_mm> (at 1.0 and 3.96 mm) | CAL DOSE <n> <total_ul> (after TESTSHOT with the same n)");
        m.put("SAVE", "SAVE: keeps the pending calibration (audited); in SERVICE");
        m.put("FAULTS", "FAULTS: the latched fault and the last alarms");
        m.put("ACK", "ACK: acknowledges the latched fault once its cause is gone; logged in, no session");
        m.put("LOG", "LOG [n]: the last n audit lines, 1-100 (default 10)");
        m.put("SELFTEST", "SELFTEST: config, calibration, axis and fault as the gun sees them");
        m.put("$$", "$$: every setting with its value and limits; $name=value sets one (pending, in SERVICE)");
        return m;
    }

    /** The help line for {@code command}, or null when there is no such command. */
    static String of(String command) {
        String c = command.toUpperCase(Locale.ROOT);
        return USAGE.get(c.startsWith("$") ? "$$" : c);
    }
}
