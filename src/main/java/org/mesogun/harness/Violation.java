package org.mesogun.harness;

/** One breach of a safety requirement, as the simulator saw it from its true state. */
public record Violation(String requirement, long atNanos, String what) {
}
