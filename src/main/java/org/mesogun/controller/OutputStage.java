package org.mesogun.controller;

import org.mesogun.hal.GunHardware;
import org.mesogun.hal.MotionProfile;

/**
 * Applies one tick's judged outputs to the hardware, valve first: a shut or a refused pulse takes
 * effect before any motion is commanded, so the valve is closed before a retraction starts.
 */
final class OutputStage {

    private final GunHardware hw;
    private final MotionProfile fast;
    private final MotionProfile homing;
    private final MotionProfile fine;
    private boolean enabled;

    OutputStage(GunHardware hw, ControllerSettings s) {
        this.hw = hw;
        this.fast = s.fast();
        this.homing = s.homing();
        // One tick at this rate moves well under a step: the home position is exact to a step.
        this.fine = new MotionProfile(Math.max(50, s.periodNanos() > 0 ? 2e8 / s.periodNanos() : 200),
                s.homing().accelStepsPerS2());
    }

    void apply(Outputs out) {
        if (out.valveShut) {
            hw.valve().shut();
        } else if (out.valvePulseMicros > 0) {
            hw.valve().armDeadman();
            hw.valve().pulse(out.valvePulseMicros);
        }
        if (out.haltAxis) {
            hw.axis().halt();
        }
        if (out.setPosition != Outputs.NO_MOVE) {
            hw.axis().setPosition(out.setPosition);
        }
        if (out.axisEnable != enabled) {
            hw.axis().enable(out.axisEnable);
            enabled = out.axisEnable;
        }
        if (out.moveTarget != Outputs.NO_MOVE && out.axisEnable) {
            hw.axis().moveTo(out.moveTarget, out.homingProfile ? (out.fineProfile ? fine : homing) : fast);
        }
        hw.led().set(out.led);
        hw.buzzer().sound(out.buzzer);
        if (out.displayChanged) {
            hw.panel().show(out.line1, out.line2);
            out.displayChanged = false;
        }
    }

    /** The watchdog's path: valve shut, axis stopped and disabled. Safe from any thread. */
    void makeSafe() {
        hw.valve().shut();
        hw.axis().halt();
        hw.axis().enable(false);
        enabled = false;
    }
}
