package org.mesogun.controller.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;
import org.mesogun.controller.ControllerSettings;
import org.mesogun.controller.InjectionMachine;
import org.mesogun.controller.Inputs;
import org.mesogun.controller.Outputs;
import org.mesogun.controller.ServiceMailbox;
import org.mesogun.controller.State;
import org.mesogun.controller.safety.FaultCode;
import org.mesogun.controller.safety.NeedleCounters;
import org.mesogun.controller.safety.NeedleGuard;
import org.mesogun.controller.safety.PlungerWatch;
import org.mesogun.controller.safety.SafetyMonitor;
import org.mesogun.controller.safety.TestSettings;
import org.mesogun.hal.LedState;

/**
 * The injection state machine and the real safety monitor ticked as the controller ticks them
 * (inputs, machine, monitor, outputs), on a fake clock, against a small hand-made gun instead of
 * the simulator: an axis that moves a fixed number of steps a tick toward its target, a valve
 * that stays open exactly its pulse time, a plunger that moves with the calibrated flow while it
 * is open. Nothing is random, so each test can say exactly what a clinician would see. The
 * buttons, trigger, skin contact, stop button and needle hub are the test's: it sets them in
 * {@link #in} and ticks.
 */
final class MachineRig {

    static final long MS = TestSettings.MS;
    /**
     * Axis speeds in steps a tick: fast 40 k steps/s; homing a little faster than the profile's
     * 4 k steps/s so that a seek overshoots the switch by a few steps (7 does not divide the way
     * home); the fine approach one step a tick, so that it stops on the switch's first step.
     */
    static final int FAST = 40;
    static final int HOMING = 7;
    static final int FINE = 1;

    final ControllerSettings s;
    final NeedleCounters counters;
    final SafetyMonitor monitor;
    final ServiceMailbox mailbox = new ServiceMailbox();
    final RecordedEvents events = new RecordedEvents();
    final InjectionMachine machine;
    final Inputs in = new Inputs();
    final Outputs out = new Outputs();
    final long park;

    // ---- the hand-made gun ----
    /** The carriage's true position in steps from the home switch. */
    long x;
    /** Carriage position minus the axis's step counter (the counter is 0 at power-up). */
    long offset;
    long axisTarget;
    int speed;
    boolean enabled;
    /** A jammed axis: it reports moving toward its target but does not get there. */
    boolean jammed;
    /** The home switch as a function of the carriage position; a test may break it. */
    LongPredicate homeSwitch = pos -> pos <= 0;
    /** The park flag as a function of the carriage position: "at park" up to its margin in front. */
    LongPredicate parkFlag;
    long valveLeftNanos;
    long valvePulses;
    long lastPulseMicros;
    /** A valve whose coil is dead: a pulse is asked for and nothing happens, not even its end. */
    boolean valveDead;
    /** Share of the calibrated flow that really leaves the syringe (0: occluded). */
    double delivery = 1.0;
    /** Ticks the product goes on flowing once the valve has closed (its closing delay). */
    int afterflowTicks;
    private int afterflowLeft;
    double plungerMicrons;   // a full syringe: the plunger at its full mark

    // ---- what the gun shows ----
    String line1 = "";
    String line2 = "";
    LedState led = LedState.OFF;
    boolean buzzer;
    /** Every valve pulse the hardware was asked for (after the monitor), µs. */
    final List<Long> pulses = new ArrayList<>();
    /** When each pulse was asked for. */
    final List<Long> pulseTimes = new ArrayList<>();
    /** When each shot began (the machine entered INSERT). */
    final List<Long> shotStarts = new ArrayList<>();
    /** How often the panel was written. */
    int panelWrites;
    /** The furthest the carriage went, steps from home. */
    long deepest;

    MachineRig() {
        this(settings());
    }

    /**
     * The safety tests' numbers with a syringe of 8 µm of plunger per µL (instead of the 10 mL
     * syringe's 6.06): every volume the machine computes is then exact in binary, so a test can
     * sit on a limit without rounding deciding it.
     */
    static TestSettings settings() {
        TestSettings t = TestSettings.defaults();
        t.micronsPerUl = 8;
        return t;
    }

    MachineRig(TestSettings t) {
        this(t, true, NeedleCounters.inMemory());
    }

    MachineRig(TestSettings t, boolean plungerSensor, NeedleCounters counters) {
        s = t.build();
        this.counters = counters;
        NeedleGuard needle = new NeedleGuard(s.punctureLimit(), s.needleTimeLimitNanos(), s.hubRemovedNanos(),
                s.zeroSteps(), counters);
        PlungerWatch plunger = new PlungerWatch(plungerSensor, s.micronsPerUl(), plungerSensor ? 5 : 0, 0);
        monitor = new SafetyMonitor(s, needle, plunger);
        machine = new InjectionMachine(s, monitor, events, mailbox);
        park = s.parkSteps();
        long flagEnd = park + Math.round(s.parkFlagMarginMm() * s.stepsPerMm());
        parkFlag = pos -> pos <= flagEnd;
        in.now = 1_000 * MS;
        in.needleFitted = true;
        in.hasEncoder = true;
        in.plungerPresent = plungerSensor;
        // Powered up parked: the counter reads 0 wherever the carriage stands.
        x = park;
        offset = park;
        axisTarget = 0;
    }

    long position() {
        return x - offset;
    }

    State state() {
        return machine.state();
    }

    FaultCode latched() {
        return monitor.latched();
    }

    /** One tick: the gun moves on one period, then inputs → machine → monitor → outputs. */
    void tick() {
        long dt = s.periodNanos();
        in.now += dt;
        advance(dt);
        read();
        State before = machine.state();
        machine.step(in, out);
        if (machine.state() == State.INSERT && before != State.INSERT) {
            shotStarts.add(in.now);
        }
        monitor.check(in, out, machine.activity());
        apply();
    }

    void ticks(int n) {
        for (int i = 0; i < n; i++) {
            tick();
        }
    }

    /** Ticks until {@code done}, failing after {@code max} ticks. */
    void until(BooleanSupplier done, int max, String what) {
        for (int i = 0; i < max; i++) {
            if (done.getAsBoolean()) {
                return;
            }
            tick();
        }
        if (!done.getAsBoolean()) {
            fail("never " + what + " in " + max + " ticks: state " + state() + ", alarm " + latched()
                    + ", panel [" + line1 + " | " + line2 + "]");
        }
    }

    void untilState(State st, int max) {
        until(() -> state() == st, max, "reached " + st);
    }

    private void advance(long dt) {
        long pos = position();
        if (enabled && !jammed && pos != axisTarget) {
            long step = Math.min(speed, Math.abs(axisTarget - pos));
            x += axisTarget > pos ? step : -step;
        }
        deepest = Math.max(deepest, x);
        if (valveLeftNanos > 0) {
            long open = Math.min(dt, valveLeftNanos);
            plungerMicrons += delivery * open / 1e6 * s.flowUlPerMs() * s.micronsPerUl();
            valveLeftNanos -= open;
            if (valveLeftNanos == 0) {
                valvePulses++;
                afterflowLeft = afterflowTicks;
            }
        } else if (afterflowLeft > 0) {
            afterflowLeft--;
            plungerMicrons += delivery * dt / 1e6 * s.flowUlPerMs() * s.micronsPerUl();
        }
    }

    private void read() {
        in.home = homeSwitch.test(x);
        in.parkFlag = parkFlag.test(x);
        in.axisPosition = position();
        in.axisTarget = axisTarget;
        in.axisMoving = enabled && position() != axisTarget;
        in.axisEnabled = enabled;
        in.encoderSteps = x;
        in.plungerMicrons = in.plungerPresent ? plungerMicrons : 0;
        in.valveOpen = valveLeftNanos > 0;
        in.valvePulses = valvePulses;
        in.valveLastPulseMicros = lastPulseMicros;
    }

    private void apply() {
        if (out.valveShut) {
            if (valveLeftNanos > 0) {
                valveLeftNanos = 0;
                valvePulses++;
            }
        } else if (out.valvePulseMicros > 0 && valveLeftNanos == 0) {
            valveLeftNanos = valveDead ? 0 : out.valvePulseMicros * 1000;
            lastPulseMicros = out.valvePulseMicros;
            pulses.add(out.valvePulseMicros);
            pulseTimes.add(in.now);
        }
        if (out.haltAxis) {
            axisTarget = position();
        }
        if (out.setPosition != Outputs.NO_MOVE) {
            offset = x - out.setPosition;
            axisTarget = out.setPosition;
        }
        enabled = out.axisEnable;
        if (!enabled) {
            axisTarget = position();
        }
        if (out.moveTarget != Outputs.NO_MOVE && out.axisEnable) {
            axisTarget = out.moveTarget;
            speed = out.homingProfile ? (out.fineProfile ? FINE : HOMING) : FAST;
        }
        led = out.led;
        buzzer = out.buzzer;
        if (out.displayChanged) {
            panelWrites++;
            line1 = out.line1.toString();
            line2 = out.line2.toString();
            out.displayChanged = false;
        }
    }

    // ---- the clinician's hands ----

    enum Button { UP, DOWN, SELECT }

    /** A panel button pressed for one tick and released for one. */
    void press(Button b) {
        set(b, true);
        tick();
        set(b, false);
        tick();
    }

    void select() {
        if (line1.equals("Change syringe")) {
            plungerMicrons = 0;   // a full syringe goes in: its plunger at the full mark
        }
        press(Button.SELECT);
    }

    private void set(Button b, boolean on) {
        switch (b) {
            case UP -> in.up = on;
            case DOWN -> in.down = on;
            case SELECT -> in.select = on;
        }
    }

    /** Down through the menu until the panel's first line starts with {@code title}. */
    MachineRig menuTo(String title) {
        for (int i = 0; i < 8 && !line1.startsWith(title); i++) {
            press(Button.DOWN);
        }
        assertTrue(line1.startsWith(title), () -> "no menu item " + title + ": [" + line1 + "]");
        return this;
    }

    /** Powered up and homed: idle at park. */
    MachineRig booted() {
        untilState(State.IDLE, 10_000);
        assertEquals(park, position(), "homed and parked");
        return this;
    }

    /** A full syringe loaded from the menu (its fill entered, on a gun without a plunger sensor). */
    MachineRig loaded() {
        menuTo("Load syringe").select();
        assertEquals("Change syringe", line1);
        select();
        if (line1.equals("Syringe fill")) {
            for (int i = 0; i < 40 && !line2.startsWith(String.format(java.util.Locale.ROOT, "%.1f mL", s.syringeUl() / 1000)); i++) {
                press(Button.UP);
            }
            select();
        }
        return this;
    }

    /** Primed from the menu, off the skin. */
    MachineRig primed() {
        menuTo("Prime").select();
        assertEquals(State.PRIMING, state());
        until(() -> state() != State.PRIMING, 2_000, "finished priming");
        assertTrue(machine.primed(), "primed");
        return this;
    }

    /** The reservoir's scale after priming a fresh syringe of the default settings (deterministic). */
    static double reservoirScaleAfterPriming() {
        return new MachineRig(settings()).booted().loaded().primed().monitor.plunger().reservoirScale();
    }

    /** Booted, loaded, primed, lot 123456, the session started: armed. */
    MachineRig armed() {
        booted().loaded().primed();
        machine.presetLot(123_456);
        start();
        assertEquals(State.ARMED, state(), () -> "not armed: [" + line1 + " | " + line2 + "]");
        return this;
    }

    /** Start session from the menu. */
    void start() {
        menuTo("Start session").select();
    }

    /** Waits out the minimum interval since the last shot began. */
    void readyToFire() {
        if (!shotStarts.isEmpty()) {
            long since = shotStarts.get(shotStarts.size() - 1);
            until(() -> in.now - since >= s.minShotIntervalNanos(), 1_000, "waited out the shot interval");
        }
    }

    /** Skin on and one trigger press, released after a tick: a shot begins (unless refused). */
    void pressOnSkin() {
        in.skin = true;
        in.trigger = true;
        tick();
        in.trigger = false;
    }

    /**
     * One point: skin on, a trigger press (after a tick released, so it is a fresh press), the
     * shot to its end, skin off; returns the state it ended in.
     */
    State shot() {
        readyToFire();
        in.skin = true;
        in.trigger = false;
        tick();
        in.trigger = true;
        tick();
        in.trigger = false;
        assertEquals(State.INSERT, state(), "the press fired");
        until(() -> !state().inShot(), 2_000, "finished the shot");
        in.skin = false;
        tick();
        return state();
    }

    /**
     * Lifts the needle hub for {@code ms} and puts it back. The monitor sees the hub close on
     * one tick and the machine acts on it on the next (it steps before the monitor checks).
     */
    void needleOut(long ms) {
        in.needleFitted = false;
        ticks((int) ms);
        in.needleFitted = true;
        tick();
        tick();
    }

    /** A console command (requirements §6) posted and ticked until the machine answers it. */
    ServiceMailbox.Result console(ServiceMailbox.Op op, double arg, int count) {
        assertTrue(mailbox.post(op, arg, count), "the console's slot is free");
        ServiceMailbox.Result[] r = new ServiceMailbox.Result[1];
        until(() -> (r[0] = mailbox.poll()) != null, 20_000, "answered " + op);
        return r[0];
    }

    ServiceMailbox.Result console(ServiceMailbox.Op op) {
        return console(op, 0, 0);
    }

    void assertNoAlarm() {
        assertNull(latched(), () -> "alarm " + latched() + " in " + state());
    }
}
