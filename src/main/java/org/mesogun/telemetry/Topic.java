package org.mesogun.telemetry;

/** The topics of requirements §7 under {@code mesogun/v1/<deviceId>/}, with their QoS and flags. */
public enum Topic {
    STATUS("status", 1, true, false),
    SESSION("session", 1, false, true),
    INJECTION("injection", 1, false, true),
    NEEDLE("needle", 1, false, true),
    ALARM("alarm", 1, false, true),
    CALIBRATION("calibration", 1, false, true),
    METRICS("metrics", 0, false, false);

    public static final String ROOT = "mesogun/v1/";

    private final String suffix;
    private final int qos;
    private final boolean retained;
    private final boolean journaled;

    Topic(String suffix, int qos, boolean retained, boolean journaled) {
        this.suffix = suffix;
        this.qos = qos;
        this.retained = retained;
        this.journaled = journaled;
    }

    public String suffix() {
        return suffix;
    }

    public int qos() {
        return qos;
    }

    public boolean retained() {
        return retained;
    }

    public boolean journaled() {
        return journaled;
    }

    public String of(String deviceId) {
        return ROOT + deviceId + "/" + suffix;
    }

    /** The payload's {@code schema} value; the file is {@code docs/schemas/<suffix>.v1.json}. */
    public String schema() {
        return "mesogun/" + suffix + "/v1";
    }

    public static Topic fromSuffix(String s) {
        for (Topic t : values()) {
            if (t.suffix.equals(s)) {
                return t;
            }
        }
        return null;
    }
}
