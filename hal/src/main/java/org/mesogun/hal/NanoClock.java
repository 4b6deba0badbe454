package org.mesogun.hal;

/**
 * Monotonic time in nanoseconds. Injected everywhere time matters, so the simulator owns time
 * and a run replays exactly (Agrona's NanoClock).
 */
@FunctionalInterface
public interface NanoClock {

    long nanoTime();

    NanoClock SYSTEM = System::nanoTime;
}
