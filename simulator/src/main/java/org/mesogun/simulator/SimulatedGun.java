package org.mesogun.simulator;

import java.util.EnumSet;
import java.util.SplittableRandom;
import org.mesogun.hal.AxisFeedback;
import org.mesogun.hal.Buzzer;
import org.mesogun.hal.ClinicianPanel;
import org.mesogun.hal.DigitalInput;
import org.mesogun.hal.DoseValve;
import org.mesogun.hal.GunHardware;
import org.mesogun.hal.NeedleAxis;
import org.mesogun.hal.PlungerSensor;
import org.mesogun.hal.StatusLed;

/**
 * The simulated gun: the HAL the controller drives ({@link GunHardware}), the world a scenario
 * acts on (trigger, skin, needle, panel, syringe), injectable faults, and the true state that only
 * the judge reads ({@link #truth()}). Time is the {@link VirtualClock}'s; the caller advances the
 * clock and then calls {@link #advanceTo(long)} before the controller's tick. Same seed, same
 * calls → the same run.
 */
public final class SimulatedGun implements GunHardware {

    private static final long SLICE_NANOS = 100_000;
    private static final long NO_DEBOUNCE = 0;

    private final SimSpec spec;
    private final VirtualClock clock;
    private final SimMotor motor;
    private final SimAxis axis;
    private final Syringe syringe;
    private final SimValve valve;
    private final SimPlunger plunger;
    private final SimTruthRecorder truth;
    private final SimSwitch trigger;
    private final SimSwitch home;
    private final SimSwitch parkFlag;
    private final SimSwitch hub;
    private final SimSwitch skin;
    private final SimSwitch stop;
    private final SimSwitch up;
    private final SimSwitch down;
    private final SimSwitch select;
    private final SimOutputs.Panel panel;
    private final SimOutputs.Led led = new SimOutputs.Led();
    private final SimOutputs.Beeper buzzer = new SimOutputs.Beeper();
    private final AxisFeedback feedback;
    private final EnumSet<SimFault> faults = EnumSet.noneOf(SimFault.class);
    private final TruthView truthView = new TruthView();
    private long advancedTo;
    private long pendingLoopPause;
    private boolean hubOpenArmed;
    private boolean powered = true;
    private boolean closed;

    public SimulatedGun(SimSpec spec, VirtualClock clock) {
        this.spec = spec;
        this.clock = clock;
        this.advancedTo = clock.nanoTime();
        SplittableRandom root = new SplittableRandom(spec.seed);
        this.motor = new SimMotor(spec);
        this.truth = new SimTruthRecorder(motor);
        motor.attach(truth);
        this.axis = new SimAxis(clock, motor);
        this.syringe = new Syringe(spec);
        // Separate streams, so how often the controller reads the sensor cannot change the shots.
        this.valve = new SimValve(spec, clock, syringe, root.split());
        this.plunger = new SimPlunger(spec, syringe, root.split());
        valve.attach(truth);
        long db = spec.debounceNanos;
        long bounce = spec.triggerBounceNanos;
        this.trigger = new SimSwitch(clock, db, bounce, false);
        this.home = new SimSwitch(clock, NO_DEBOUNCE, 0, motor.trueMm() <= 0);
        this.parkFlag = new SimSwitch(clock, NO_DEBOUNCE, 0, motor.trueMm() <= spec.parkFlagEdgeMm);
        this.hub = new SimSwitch(clock, db, bounce, true);
        this.skin = new SimSwitch(clock, db / 2, 0, false);
        this.stop = new SimSwitch(clock, 1_000_000, 0, false);
        this.up = new SimSwitch(clock, db, bounce, false);
        this.down = new SimSwitch(clock, db, bounce, false);
        this.select = new SimSwitch(clock, db, bounce, false);
        this.panel = new SimOutputs.Panel(up, down, select);
        this.feedback = new AxisFeedback() {
            @Override
            public DigitalInput parkFlag() {
                return parkFlag;
            }

            @Override
            public boolean hasEncoder() {
                return spec.encoder;
            }

            @Override
            public long encoderSteps() {
                return spec.encoder ? motor.encoderSteps() : 0;
            }
        };
    }

    /** Runs the physics up to {@code t} (normally the clock's now). */
    public void advanceTo(long t) {
        if (t <= advancedTo) {
            return;
        }
        // While product flows, interleave motion and flow finely so the judge sees the depth at
        // which each microlitre left; otherwise one pass is exact enough.
        if (valve.isOpen() || valve.flowing(advancedTo) || hubOpenArmed) {
            for (long s = advancedTo + SLICE_NANOS; s < t; s += SLICE_NANOS) {
                advanceSlice(s);
            }
        }
        advanceSlice(t);
    }

    private void advanceSlice(long t) {
        axis.advanceTo(t);
        valve.advanceTo(t);
        if (hubOpenArmed && valve.flowing(t) && truth.skin() && motor.tipDepthMm() > 0) {
            hubOpenArmed = false;
            hub.set(false);
            truth.needleFitted(false, false);
        }
        home.set(motor.trueMm() <= 0);
        parkFlag.set(motor.trueMm() <= spec.parkFlagEdgeMm);
        advancedTo = t;
    }

    // ---- the world: what the clinician, the technician and a scenario do ----

    public void pressTrigger(boolean pressed) {
        trigger.set(pressed);
    }

    public void setSkinContact(boolean touching) {
        skin.set(touching);
        truth.skin(touching, clock.nanoTime());
    }

    public void removeNeedle() {
        hub.set(false);
        truth.needleFitted(false, false);
    }

    /** Fits a needle; {@code fresh} is the truth the controller can only infer from timing. */
    public void fitNeedle(boolean fresh) {
        hub.set(true);
        truth.needleFitted(true, fresh);
        truth.needleFittedAt(clock.nanoTime(), fresh);
    }

    public void pressStop(boolean pressed) {
        stop.set(pressed);
        valve.cutPower(pressed || !powered);
    }

    public void pressUp(boolean pressed) {
        up.set(pressed);
    }

    public void pressDown(boolean pressed) {
        down.set(pressed);
    }

    public void pressSelect(boolean pressed) {
        select.set(pressed);
    }

    public void loadSyringe(double volumeUl) {
        syringe.load(volumeUl);
    }

    public void setViscosity(double relative) {
        valve.setViscosity(relative);
    }

    public String panelText() {
        return panel.text();
    }

    /** The raw trigger contact at {@code t}, bounces included (what a scope would show). */
    public boolean rawTrigger(long t) {
        return trigger.raw(t);
    }

    // ---- faults ----

    public void inject(SimFault fault) {
        faults.add(fault);
        switch (fault) {
            case STALL -> motor.stall(true);
            case BLOCKED_AXIS -> motor.block(true);
            case LOST_STEPS -> motor.loseSteps(spec.lostStepsPerFault);
            case HOME_SWITCH_BROKEN -> home.stick(false);
            case HOME_SWITCH_STUCK_CLOSED -> home.stick(true);
            case PARK_FLAG_STUCK -> parkFlag.stick(true);
            case VALVE_STUCK_OPEN -> valve.setStuckOpen(true);
            case VALVE_STUCK_CLOSED -> valve.setStuckClosed(true);
            case OCCLUSION -> valve.setOccluded(true);
            case SENSOR_NOISE -> plunger.setNoisy(true);
            case TRIGGER_STUCK -> trigger.stick(true);
            case HUB_OPENED_MID_SHOT -> hubOpenArmed = true;
            case LOOP_PAUSE -> pendingLoopPause = spec.loopPauseNanos;
            case POWER_LOSS -> {
                powered = false;
                motor.powerLoss();
                valve.cutPower(true);
            }
        }
    }

    public void clear(SimFault fault) {
        faults.remove(fault);
        switch (fault) {
            case STALL -> motor.stall(false);
            case BLOCKED_AXIS -> motor.block(false);
            case LOST_STEPS -> motor.loseSteps(0);
            case HOME_SWITCH_BROKEN, HOME_SWITCH_STUCK_CLOSED -> home.unstick();
            case PARK_FLAG_STUCK -> parkFlag.unstick();
            case VALVE_STUCK_OPEN -> valve.setStuckOpen(false);
            case VALVE_STUCK_CLOSED -> valve.setStuckClosed(false);
            case OCCLUSION -> valve.setOccluded(false);
            case SENSOR_NOISE -> plunger.setNoisy(false);
            case TRIGGER_STUCK -> trigger.unstick();
            case HUB_OPENED_MID_SHOT -> hubOpenArmed = false;
            case LOOP_PAUSE -> pendingLoopPause = 0;
            case POWER_LOSS -> throw new IllegalStateException("power loss ends the run; build a new gun");
        }
    }

    public boolean isActive(SimFault fault) {
        return faults.contains(fault);
    }

    /**
     * For the run harness: how long the controller's loop must now pause (a GC-like stall), once;
     * 0 when no pause is due.
     */
    public long takeLoopPauseNanos() {
        long p = pendingLoopPause;
        pendingLoopPause = 0;
        faults.remove(SimFault.LOOP_PAUSE);
        return p;
    }

    public boolean powered() {
        return powered;
    }

    public SimTruth truth() {
        return truthView;
    }

    public void listen(TruthListener listener) {
        truth.listen(listener);
    }

    public SimSpec spec() {
        return spec;
    }

    public VirtualClock clock() {
        return clock;
    }

    // ---- the HAL ----

    @Override
    public NeedleAxis axis() {
        return axis;
    }

    @Override
    public AxisFeedback feedback() {
        return feedback;
    }

    @Override
    public DoseValve valve() {
        return valve;
    }

    @Override
    public PlungerSensor plunger() {
        return plunger;
    }

    @Override
    public DigitalInput trigger() {
        return trigger;
    }

    @Override
    public DigitalInput homeSwitch() {
        return home;
    }

    @Override
    public DigitalInput needleHub() {
        return hub;
    }

    @Override
    public DigitalInput skinContact() {
        return skin;
    }

    @Override
    public DigitalInput stopButton() {
        return stop;
    }

    @Override
    public ClinicianPanel panel() {
        return panel;
    }

    @Override
    public StatusLed led() {
        return led;
    }

    @Override
    public Buzzer buzzer() {
        return buzzer;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        valve.close();
        axis.close();
        led.close();
        buzzer.close();
        panel.close();
    }

    private final class TruthView implements SimTruth {
        @Override
        public SimSpec spec() {
            return spec;
        }

        @Override
        public double tipDepthMm() {
            return motor.tipDepthMm();
        }

        @Override
        public double maxTipDepthMm() {
            return truth.maxTipDepth();
        }

        @Override
        public double carriageMm() {
            return motor.trueMm();
        }

        @Override
        public long trueMotorSteps() {
            return motor.trueSteps();
        }

        @Override
        public long lostSteps() {
            return motor.lostSteps();
        }

        @Override
        public boolean flowing() {
            return valve.flowing(advancedTo);
        }

        @Override
        public double deliveredUl() {
            return truth.delivered();
        }

        @Override
        public double deliveredIntoSkinUl() {
            return truth.deliveredIntoSkin();
        }

        @Override
        public double excessUl() {
            return truth.excess();
        }

        @Override
        public double reservoirUl() {
            return syringe.remainingUl();
        }

        @Override
        public long shots() {
            return truth.shots();
        }

        @Override
        public boolean skinContact() {
            return truth.skin();
        }

        @Override
        public boolean needleFitted() {
            return truth.needle();
        }

        @Override
        public int needleSerial() {
            return truth.needleSerial();
        }

        @Override
        public int puncturesOnNeedle() {
            return truth.punctures();
        }

        @Override
        public boolean powered() {
            return powered;
        }
    }
}
