package org.mesogun.controller.safety;

/**
 * SR-4: counts punctures and powered time on the fitted needle and locks it out at either limit
 * until a change is detected (hub open for at least the removal time, then closed again). It
 * watches the axis itself — a puncture is the commanded tip crossing zero — so it does not rely
 * on the state machine's bookkeeping. Its counts live in {@link NeedleCounters} so they survive a
 * restart and a power cut.
 */
public final class NeedleGuard {

    private final int punctureLimit;
    private final long timeLimitNanos;
    private final long removedNanos;
    private final long zeroSteps;
    private final NeedleCounters counters;
    private boolean tipPast;
    private long hubOpenSince = -1;
    private long lastTick = Long.MIN_VALUE;
    private boolean changedThisTick;
    private boolean openedInSkin;

    public NeedleGuard(int punctureLimit, long timeLimitNanos, long removedNanos, long zeroSteps,
            NeedleCounters counters) {
        this.punctureLimit = punctureLimit;
        this.timeLimitNanos = timeLimitNanos;
        this.removedNanos = removedNanos;
        this.zeroSteps = zeroSteps;
        this.counters = counters;
    }

    /** Follows one tick of the hub switch and the axis; true once a needle change completed. */
    public boolean observe(long now, boolean hubClosed, long axisPosition) {
        return observe(now, hubClosed, axisPosition, false);
    }

    /**
     * As {@link #observe(long, boolean, long)}; {@code bench} is a technician's move in SERVICE: a
     * tip past zero there touched a gauge or a bench, not skin. It counts no puncture, and the
     * needle is no longer sterile: locked out until changed (requirements §4, SR-4).
     */
    public boolean observe(long now, boolean hubClosed, long axisPosition, boolean bench) {
        changedThisTick = false;
        if (lastTick != Long.MIN_VALUE && hubClosed) {
            counters.addNeedleTime(now - lastTick);
        }
        lastTick = now;
        if (!hubClosed) {
            if (hubOpenSince < 0) {
                hubOpenSince = now;
                // requirements §2: a hub opening mid-shot is a fault, never a needle change.
                openedInSkin = axisPosition > zeroSteps;
            }
        } else if (hubOpenSince >= 0) {
            if (now - hubOpenSince >= removedNanos && !openedInSkin) {
                counters.newNeedle();
                changedThisTick = true;
            }
            hubOpenSince = -1;
        }
        boolean past = axisPosition > zeroSteps;
        if (past && !tipPast) {
            if (bench) {
                counters.lockOut();
            } else {
                counters.addPuncture();
            }
        }
        tipPast = past;
        return changedThisTick;
    }

    public boolean changedThisTick() {
        return changedThisTick;
    }

    public boolean hubOpen() {
        return hubOpenSince >= 0;
    }

    public boolean locked() {
        return counters.lockedOut() || punctures() >= punctureLimit || counters.needleTimeNanos() >= timeLimitNanos;
    }

    /**
     * The puncture in progress may be dosed: it was allowed to start (it was within the limit),
     * and no lock-out has come since. A time limit reached mid-shot lets that shot finish.
     */
    public boolean mayDoseCurrentPuncture() {
        return !counters.lockedOut() && punctures() <= punctureLimit;
    }

    /** A session starts on a fresh needle (SR-4). */
    public boolean fresh() {
        return !locked() && punctures() == 0;
    }

    public int punctures() {
        return counters.punctures();
    }

    public int punctureLimit() {
        return punctureLimit;
    }

    public int needleSerial() {
        return counters.needleSerial();
    }

    /** Locked out because the stored counts could not be trusted at start (missing, damaged). */
    public boolean countsLost() {
        return counters.lockedOut() && counters.problem() != null;
    }

    /** After an unclean stop the fitted needle may have been used in a way nobody recorded. */
    public void lockOut() {
        counters.lockOut();
    }
}
