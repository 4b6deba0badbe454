package org.mesogun.controller;

import java.util.concurrent.atomic.AtomicReference;
import org.mesogun.controller.safety.FaultCode;

/**
 * The controller the loop ticks, which a saved calibration can replace (requirements §6, SR-13). Settings
 * are immutable, so a new calibration means a new {@link Controller}; it is built off the loop
 * (by the console), handed over through an atomic reference, and swapped in by the loop itself at
 * the start of a tick, only at a safe point: SERVICE, idle, parked, no session. The new one homes
 * on its own calibration. The loop side allocates nothing.
 *
 * <p>After each tick it publishes a status snapshot in volatile fields for the console's {@code ?}
 * (read on the console thread; a snapshot may mix two ticks, which a status line tolerates).
 */
public final class LiveController {

    private final ServiceMailbox mailbox;
    private final AtomicReference<Controller> next = new AtomicReference<>();
    private volatile Controller current;
    private volatile long swaps;

    private volatile long now;
    private volatile State state = State.BOOT;
    private volatile long position;
    private volatile FaultCode fault;
    private volatile int punctures;
    private volatile int punctureLimit;
    private volatile double reservoirUl;
    private volatile boolean session;
    private volatile boolean homed;

    public LiveController(Controller first, ServiceMailbox mailbox) {
        this.current = first;
        this.mailbox = mailbox;
    }

    /** The loop's tick. */
    public void tick(long nowNanos) {
        Controller n = next.get();
        if (n != null && current.machine().replaceable()) {
            current.makeSafe();
            current = n;
            next.set(null);
            swaps++;
        }
        Controller c = current;
        c.tick(nowNanos);
        InjectionMachine m = c.machine();
        now = nowNanos;
        state = m.state();
        position = m.lastPosition();
        fault = c.monitor().latched();
        punctures = c.monitor().needle().punctures();
        punctureLimit = c.monitor().needle().punctureLimit();
        reservoirUl = c.monitor().plunger().remainingUl();
        session = m.inSession();
        homed = c.monitor().homed();
    }

    /** The watchdog's path (SR-7). */
    public void makeSafe() {
        current.makeSafe();
    }

    /** Hands over a controller built on a new calibration; the loop swaps it in when safe. */
    public void replaceWith(Controller successor) {
        next.set(successor);
    }

    /** Whether a handed-over controller is still waiting for its safe point. */
    public boolean replacementPending() {
        return next.get() != null;
    }

    public long swaps() {
        return swaps;
    }

    public Controller current() {
        return current;
    }

    public ServiceMailbox mailbox() {
        return mailbox;
    }

    // ---- the published snapshot ----

    /** The loop's time at its last tick: powered time, for lock-outs (SR-13). */
    public long nowNanos() {
        return now;
    }

    public State state() {
        return state;
    }

    public long positionSteps() {
        return position;
    }

    public FaultCode fault() {
        return fault;
    }

    public int punctures() {
        return punctures;
    }

    public int punctureLimit() {
        return punctureLimit;
    }

    public double reservoirUl() {
        return reservoirUl;
    }

    public boolean inSession() {
        return session;
    }

    public boolean homed() {
        return homed;
    }
}
