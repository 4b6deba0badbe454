package org.mesogun.telemetry.mqtt;

/** The loop's own measurements for {@code metrics}, when a real-time loop runs (null fields: none). */
public record LoopFigures(Double latencyP50Us, Double latencyP99Us, Double latencyMaxUs, long overruns) {

    public static final LoopFigures NONE = new LoopFigures(null, null, null, 0);
}
