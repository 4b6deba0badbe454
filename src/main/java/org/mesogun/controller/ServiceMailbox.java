package org.mesogun.controller;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The technician console's hand-off to the loop (requirements §6: the console never blocks the loop): one
 * preallocated command slot, written by the console thread, polled once per tick by the state
 * machine, answered in place. A single slot is a single-producer single-consumer queue of depth
 * one, which is all a line protocol that answers every line needs. Realtime hold and reset are
 * separate flags so they act even while a command is in flight.
 */
public final class ServiceMailbox {

    /** What the loop is asked to do. */
    public enum Op { SERVICE_ON, SERVICE_OFF, HOME, JOG, ZERO, PRIME, TESTSHOT, ACK }

    /** How the loop answered; {@code OK} or why not (the console maps these to its error codes). */
    public enum Result { OK, NOT_IN_SERVICE, NOT_IDLE, SESSION_RUNNING, FAULT_LATCHED, NOT_HOMED,
        OUT_OF_TRAVEL, SKIN_CONTACT, OUT_OF_RANGE, HELD, FAILED }

    /**
     * Telemetry in trouble (offline with records waiting): set once by the gun's assembly, read by
     * the loop each tick for the panel's mark. It reads volatiles only: no lock, no allocation.
     */
    private volatile java.util.function.BooleanSupplier telemetryTrouble = () -> false;

    public void telemetryTrouble(java.util.function.BooleanSupplier trouble) {
        this.telemetryTrouble = trouble;
    }

    boolean telemetryTrouble() {
        return telemetryTrouble.getAsBoolean();
    }

    private static final int EMPTY = 0;
    private static final int POSTED = 1;
    private static final int TAKEN = 2;
    private static final int DONE = 3;

    private final AtomicInteger phase = new AtomicInteger(EMPTY);
    private volatile Op op;
    private volatile double arg;
    private volatile int count;
    private volatile Result result;
    private volatile long position;
    private volatile boolean hold;
    private volatile boolean reset;

    // ---- console side ----

    /** Posts a command; false while another is still in flight (an unread answer is dropped). */
    public boolean post(Op what, double argument, int n) {
        phase.compareAndSet(DONE, EMPTY);
        if (phase.get() != EMPTY) {
            return false;
        }
        op = what;
        arg = argument;
        count = n;
        result = null;
        phase.set(POSTED);
        return true;
    }

    /** The answer once the loop has finished the command, else null; the slot is then free. */
    public Result poll() {
        if (phase.get() != DONE) {
            return null;
        }
        Result r = result;
        phase.set(EMPTY);
        return r;
    }

    /** The axis position (steps from home) when the last command finished. */
    public long position() {
        return position;
    }

    /** Realtime {@code !}: valve off, retract, end the shot. */
    public void requestHold() {
        hold = true;
    }

    /** Realtime Ctrl-X: hold, end the session, leave SERVICE, back to a safe idle. */
    public void requestReset() {
        reset = true;
    }

    // ---- loop side (allocation-free) ----

    Op take() {
        return phase.compareAndSet(POSTED, TAKEN) ? op : null;
    }

    double arg() {
        return arg;
    }

    int count() {
        return count;
    }

    void complete(Result r, long axisPosition) {
        result = r;
        position = axisPosition;
        phase.set(DONE);
    }

    boolean takeHold() {
        if (!hold) {
            return false;
        }
        hold = false;
        return true;
    }

    boolean takeReset() {
        if (!reset) {
            return false;
        }
        reset = false;
        return true;
    }
}
