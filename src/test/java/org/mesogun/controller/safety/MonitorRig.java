package org.mesogun.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.mesogun.controller.ControllerSettings;
import org.mesogun.controller.Inputs;
import org.mesogun.controller.Outputs;

/**
 * A {@link SafetyMonitor} with hand-built {@link Inputs} and {@link Outputs}: each test sets the
 * snapshot the way the hardware would report it, proposes outputs the way a (possibly buggy)
 * state machine would, calls {@link #check(Activity)} and reads what the monitor let through.
 * Time advances one period per check; the axis is wherever {@link #at(long)} puts it, with the
 * encoder, home switch and park flag agreeing unless a test says otherwise.
 */
final class MonitorRig {

    static final long MS = TestSettings.MS;
    static final long T0 = 5_000 * MS;

    final ControllerSettings s;
    final NeedleCounters counters = NeedleCounters.inMemory();
    final NeedleGuard needle;
    final PlungerWatch plunger;
    final SafetyMonitor monitor;
    final Inputs in = new Inputs();
    Outputs out = new Outputs();

    final long park;
    final long zero;
    final long limit;
    /** The session's target with {@link #startSession()}: 1.0 mm. */
    final long target;

    MonitorRig() {
        this(TestSettings.defaults(), true);
    }

    MonitorRig(TestSettings t) {
        this(t, true);
    }

    MonitorRig(TestSettings t, boolean plungerSensor) {
        s = t.build();
        needle = new NeedleGuard(s.punctureLimit(), s.needleTimeLimitNanos(), s.hubRemovedNanos(), s.zeroSteps(),
                counters);
        plunger = new PlungerWatch(plungerSensor, s.micronsPerUl(), plungerSensor ? 5 : 0, 0);
        monitor = new SafetyMonitor(s, needle, plunger);
        park = s.parkSteps();
        zero = s.zeroSteps();
        // The depth limit stops the stated margin short of min(max_depth, 4.0) (SR-1).
        limit = zero + (long) Math.floor((Math.min(s.maxDepthMm(), 4.0)
                - org.mesogun.config.SafetyLimits.DEPTH_MARGIN_MM) * s.stepsPerMm());
        target = s.depthSteps(1.0);
        in.now = T0;
        in.needleFitted = true;
        in.axisEnabled = true;
        in.hasEncoder = true;
        in.plungerPresent = plungerSensor;
        in.plungerMicrons = 0;   // a full syringe: the plunger at its full mark
        at(0);
    }

    /** The axis stands at {@code pos} (steps from home), the feedback agreeing. */
    MonitorRig at(long pos) {
        in.axisPosition = pos;
        in.axisTarget = pos;
        in.axisMoving = false;
        in.encoderSteps = pos;
        in.home = pos <= 0;
        // The flag reads "at park" up to the margin in front of park, and all the way behind it.
        in.parkFlag = pos <= park + Math.round(s.parkFlagMarginMm() * s.stepsPerMm());
        return this;
    }

    /** Fresh proposed outputs for the next tick (a state machine resets them every tick). */
    Outputs next() {
        out = new Outputs();
        out.axisEnable = true;
        return out;
    }

    /** One tick, one period after the last, judging {@link #out}. */
    boolean check(Activity activity) {
        in.now += s.periodNanos();
        return monitor.check(in, out, activity);
    }

    /** A tick proposing nothing; it must pass. */
    void idle() {
        next();
        assertTrue(check(Activity.NONE), () -> "idle tick vetoed: " + monitor.latched());
    }

    void idle(int ticks) {
        for (int i = 0; i < ticks; i++) {
            idle();
        }
    }

    /** Homes at the switch (position 0 redefined there), then stands at park, flag seen. */
    MonitorRig homedAtPark() {
        at(0);
        next().setPosition = 0;
        assertTrue(check(Activity.NONE));
        assertTrue(monitor.homed());
        at(park);
        idle();
        return this;
    }

    /** Syringe loaded full, a session at 1.0 mm, 20 µL begun. */
    MonitorRig startSession() {
        return startSession(1.0, 20);
    }

    MonitorRig startSession(double depthMm, double doseUl) {
        monitor.syringeLoaded(s.syringeUl());
        assertNull(monitor.beginSession(depthMm, doseUl));
        return this;
    }

    /** Inserts to the session target in skin: the move is proposed, then the axis is there. */
    MonitorRig insert() {
        in.skin = true;
        next().moveTarget = target;
        assertTrue(check(Activity.NONE), () -> "insert vetoed: " + monitor.latched());
        at(target);
        idle();
        return this;
    }

    /** Proposes a session pulse at the current position; returns whether it passed. */
    boolean propose(long micros) {
        next().valvePulseMicros = micros;
        return check(Activity.SESSION_DOSE);
    }

    /**
     * The valve runs a pulse the monitor allowed: open for its time (the plunger moving at the
     * calibrated flow, a few µm a tick), then closed.
     */
    void runPulse(long micros) {
        long ticks = Math.max(1, micros * 1000 / s.periodNanos());
        double micronsPerTick = micros / 1000.0 * s.flowUlPerMs() * s.micronsPerUl() / ticks;
        in.valveOpen = true;
        for (long i = 0; i < ticks; i++) {
            if (in.plungerPresent) {
                in.plungerMicrons += micronsPerTick;
            }
            next();
            if (i == ticks - 1) {
                in.valveOpen = false;
            }
            assertTrue(check(Activity.SESSION_DOSE), () -> "pulse tick vetoed: " + monitor.latched());
        }
        in.valveOpen = false;
    }

    /** Retracts to park (valve closed), out of the skin. */
    MonitorRig retract() {
        next().moveTarget = park;
        out.valveShut = true;
        assertTrue(check(Activity.NONE), () -> "retract vetoed: " + monitor.latched());
        at(park);
        in.skin = false;
        idle();
        return this;
    }

    /** One whole point: insert, a pulse for the dose, retract. */
    MonitorRig point(double doseUl) {
        insert();
        long micros = Math.round(doseUl / s.flowUlPerMs() * 1000);
        assertTrue(propose(micros), () -> "dose vetoed: " + monitor.latched());
        runPulse(micros);
        return retract();
    }

    /** Ticks idly until {@code now} has reached {@code t}. */
    void idleUntil(long t) {
        while (in.now + s.periodNanos() <= t) {
            idle();
        }
    }

    /** Ticks proposing nothing until {@code now} has reached {@code t}, whatever the monitor says. */
    void runUntil(long t) {
        while (in.now + s.periodNanos() <= t) {
            next();
            check(Activity.NONE);
        }
    }

    /** The veto of this tick: nothing fires, nothing moves but the retract, the fault latched. */
    void assertSafe(FaultCode expected) {
        assertEquals(expected, monitor.latched(), "latched fault");
        assertTrue(out.valveShut, "valve shut");
        assertEquals(0, out.valvePulseMicros, "no pulse");
        assertEquals(Outputs.NO_MOVE, out.setPosition, "no position redefined");
        assertTrue(out.moveTarget == Outputs.NO_MOVE || out.moveTarget == park,
                "no move but the retract to park: " + out.moveTarget);
        if (out.moveTarget == park) {
            // Full speed out of the skin, unless the fault is the motion itself.
            assertEquals(expected.requirement().equals("SR-8"), out.homingProfile,
                    "the safe retract is slow only for a motion fault");
        }
    }

    void assertPassed(boolean result) {
        assertTrue(result, () -> "vetoed: " + monitor.latched());
        assertNull(monitor.latched());
        assertFalse(out.valveShut && out.valvePulseMicros > 0);
    }
}
