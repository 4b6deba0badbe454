package org.mesogun.board;

/**
 * How late the step thread emitted its steps against its own plan, since the last reset. A JVM
 * thread toggling GPIO is only trusted with its timing measured (requirements §2); this is the measure.
 * Lateness only ever lengthens an interval: each step is scheduled from the previous step's
 * actual time, never to catch up, so no interval is shorter than planned.
 */
public record StepTiming(long steps, long maxLatenessNanos, double meanLatenessNanos) {
}
