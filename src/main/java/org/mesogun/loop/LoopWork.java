package org.mesogun.loop;

/**
 * The control loop's unit of work (Agrona's {@code Agent}): a function of the time it is given,
 * not a thread. {@link LoopRunner} drives it in real time and {@link StepInvoker} on a virtual
 * clock, with the same contract:
 *
 * <ol>
 *   <li>{@link #onStart} once, on the thread that will tick, before the first tick;</li>
 *   <li>{@link #tick} once per period with a non-decreasing time; it must not block, sleep or
 *       allocate (requirements §5);</li>
 *   <li>if {@code onStart} or {@code tick} throws, {@link #makeSafe} is called at once, the loop
 *       stops for good (latched) and the cause is kept;</li>
 *   <li>{@link #onStop} once when the loop ends, however it ends, followed by {@link #makeSafe}
 *       on a clean stop, so the last thing the loop thread does is leave the outputs safe.</li>
 * </ol>
 */
public interface LoopWork {

    /** Called once on the ticking thread before the first tick. */
    default void onStart(long nowNanos) {
    }

    /** One period's work: read inputs, step the state machine, check, write outputs. */
    void tick(long nowNanos);

    /** Called once on the ticking thread when the loop ends. */
    default void onStop() {
    }

    /**
     * Drive every output to its safe state: valve shut, axis halted and disabled.
     *
     * <p>Called from the watchdog thread while {@link #tick} may still be running (or stuck) on
     * the loop thread, and again on the loop thread when the loop ends; so it must be
     * thread-safe, idempotent, quick, and must not wait for the loop.
     */
    void makeSafe();
}
