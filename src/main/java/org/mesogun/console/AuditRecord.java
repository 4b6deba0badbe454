package org.mesogun.console;

import java.time.Instant;

/**
 * One audited change (SR-13): who, what, from what to what, when (wall clock, which may be
 * unsynchronised on a board without RTC, and the powered time, which is monotonic).
 */
public record AuditRecord(Instant at, long poweredNanos, String user, String what, String oldValue,
                          String newValue) {

    /** One line of the audit log: tab-separated, values with tabs or newlines escaped. */
    public String line() {
        return at + "\t" + poweredNanos + "\t" + esc(user) + "\t" + esc(what) + "\t" + esc(oldValue) + "\t"
                + esc(newValue);
    }

    private static String esc(String s) {
        return s == null ? "-" : s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }
}
