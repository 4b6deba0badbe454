package org.mesogun.console;

/**
 * Where audited changes go besides the audit file: the telemetry service's {@code calibration}
 * topic (requirements §7) implements this. Called on the console thread, never the loop's.
 */
@FunctionalInterface
public interface AuditListener {

    void changed(AuditRecord record);

    AuditListener NONE = r -> {
    };
}
