package org.mesogun.controller;

import org.mesogun.hal.GunHardware;

/**
 * Everything the loop reads from the hardware, once per tick, into preallocated fields: the state
 * machine and the safety monitor judge the same snapshot.
 */
public final class Inputs {

    public long now;
    public boolean trigger;
    public boolean home;
    public boolean parkFlag;
    public boolean needleFitted;
    public boolean skin;
    public boolean stop;
    public boolean up;
    public boolean down;
    public boolean select;
    public long axisPosition;
    public long axisTarget;
    public boolean axisMoving;
    public boolean axisEnabled;
    public boolean hasEncoder;
    public long encoderSteps;
    /** Telemetry offline with records waiting (not from the hardware: the gun's telemetry, via the mailbox). */
    public boolean telemetryTrouble;
    public boolean plungerPresent;
    public double plungerMicrons;
    public boolean valveOpen;
    public long valvePulses;
    public long valveLastPulseMicros;
    public double valveDuty;

    public void read(GunHardware hw, long nowNanos) {
        now = nowNanos;
        trigger = hw.trigger().isActive();
        home = hw.homeSwitch().isActive();
        parkFlag = hw.feedback().parkFlag().isActive();
        needleFitted = hw.needleHub().isActive();
        skin = hw.skinContact().isActive();
        stop = hw.stopButton().isActive();
        up = hw.panel().up().isActive();
        down = hw.panel().down().isActive();
        select = hw.panel().select().isActive();
        axisPosition = hw.axis().position();
        axisTarget = hw.axis().target();
        axisMoving = hw.axis().isMoving();
        axisEnabled = hw.axis().isEnabled();
        hasEncoder = hw.feedback().hasEncoder();
        encoderSteps = hw.feedback().encoderSteps();
        plungerPresent = hw.plunger().isPresent();
        plungerMicrons = plungerPresent ? hw.plunger().travelMicrons() : 0;
        valveOpen = hw.valve().isOpen();
        valvePulses = hw.valve().pulsesCompleted();
        valveLastPulseMicros = hw.valve().lastPulseMicros();
        valveDuty = hw.valve().dutyCycle();
    }
}
