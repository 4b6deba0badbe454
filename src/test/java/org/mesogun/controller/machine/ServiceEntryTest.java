package org.mesogun.controller.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;
import org.mesogun.controller.ServiceMailbox.Op;
import org.mesogun.controller.ServiceMailbox.Result;
import org.mesogun.controller.State;
import org.mesogun.controller.safety.Activity;
import org.mesogun.controller.safety.FaultCode;
import org.mesogun.controller.safety.TestSettings;
import org.mesogun.hal.LedState;

/**
 * SERVICE (requirements §3, §6): the technician's console enters it only from an idle gun with no
 * session and no fault — except a bad calibration, which is what SERVICE is for (SR-10) — and
 * leaves it by parking and homing; a bad calibration is still an alarm afterwards.
 */
class ServiceEntryTest {

    @Test
    void fromAnIdleGunServiceIsEnteredAndShown() {
        MachineRig rig = new MachineRig().booted();
        assertEquals(Result.OK, rig.console(Op.SERVICE_ON));
        assertEquals(State.SERVICE, rig.state());
        assertEquals(Activity.SERVICE, rig.machine.activity());
        assertEquals("SERVICE", rig.line1);
        assertEquals("technician", rig.line2);
        assertEquals(LedState.ATTENTION, rig.led);
        assertEquals(Result.OK, rig.console(Op.SERVICE_ON), "already in");
    }

    @Test
    @Verifies("SR-13")
    void notDuringASession() {
        MachineRig rig = new MachineRig().armed();
        assertEquals(Result.SESSION_RUNNING, rig.console(Op.SERVICE_ON));
        assertEquals(State.ARMED, rig.state());
    }

    @Test
    void notWhilePrimingOrWithAMessageOnThePanel() {
        MachineRig rig = new MachineRig().booted();
        rig.menuTo("Prime").select();   // refused: no syringe
        assertEquals(Result.NOT_IDLE, rig.console(Op.SERVICE_ON));
        rig.select();
        rig.loaded();
        rig.menuTo("Prime").select();
        assertEquals(Result.NOT_IDLE, rig.console(Op.SERVICE_ON));
        assertEquals(State.PRIMING, rig.state());
    }

    @Test
    void notWhileHoming() {
        MachineRig rig = new MachineRig();
        rig.ticks(5);
        assertEquals(Result.NOT_IDLE, rig.console(Op.SERVICE_ON));
    }

    @Test
    void notWithAFaultLatched() {
        MachineRig rig = new MachineRig().booted();
        rig.monitor.raise(FaultCode.VALVE_OVERHEAT, rig.in.now);
        rig.tick();
        assertEquals(Result.FAULT_LATCHED, rig.console(Op.SERVICE_ON));
        assertEquals(State.FAULT, rig.state());
    }

    @Test
    void commandsOutsideServiceAreRefused() {
        MachineRig rig = new MachineRig().booted();
        assertEquals(Result.NOT_IN_SERVICE, rig.console(Op.JOG, 1.0, 0));
        assertEquals(Result.NOT_IN_SERVICE, rig.console(Op.HOME));
        assertEquals(Result.NOT_IN_SERVICE, rig.console(Op.SERVICE_OFF));
        assertEquals(rig.park, rig.position());
    }

    @Test
    @Verifies("SR-10")
    void aBadCalibrationIsServiceableButNotArmedAfterwards() {
        TestSettings t = MachineRig.settings();
        t.calibrationValid = false;
        MachineRig rig = new MachineRig(t);
        rig.untilState(State.FAULT, 10);
        assertEquals(Result.OK, rig.console(Op.SERVICE_ON));
        assertEquals(State.SERVICE, rig.state());
        assertEquals(Result.NOT_HOMED, rig.console(Op.JOG, 1.0, 0), "home first: no position means anything yet");
        assertEquals(Result.OK, rig.console(Op.HOME));
        assertEquals(State.SERVICE, rig.state());
        assertTrue(rig.monitor.homed());
        assertEquals(rig.park, rig.position());
        assertEquals(Result.OK, rig.console(Op.SERVICE_OFF));
        rig.untilState(State.FAULT, 100);
        assertEquals(FaultCode.CALIBRATION_INVALID, rig.latched(), "the alarm is back");
    }

    @Test
    void leavingServiceParksFirstThenHomes() {
        MachineRig rig = new MachineRig().booted();
        rig.console(Op.SERVICE_ON);
        assertEquals(Result.OK, rig.console(Op.JOG, 1.0, 0));
        assertEquals(rig.park + 400, rig.position());
        assertEquals(Result.OK, rig.console(Op.SERVICE_OFF));
        assertEquals(State.SERVICE, rig.state(), "still parking");
        assertEquals(rig.park, rig.axisTarget);
        rig.untilState(State.HOMING, 100);
        rig.untilState(State.IDLE, 10_000);
        assertEquals(rig.park, rig.position());
        rig.assertNoAlarm();
    }

    @Test
    void aCommandPostedWhileLeavingWaitsUntilServiceIsLeft() {
        MachineRig rig = new MachineRig().booted();
        rig.console(Op.SERVICE_ON);
        rig.console(Op.JOG, 1.0, 0);
        rig.console(Op.SERVICE_OFF);
        assertEquals(Result.NOT_IDLE, rig.console(Op.SERVICE_ON), "answered once homing, not while leaving");
        assertEquals(State.HOMING, rig.state());
    }

    @Test
    void replaceableOnlyInServiceParkedAndIdle() {
        MachineRig rig = new MachineRig().booted();
        assertFalse(rig.machine.replaceable(), "not in SERVICE");
        rig.console(Op.SERVICE_ON);
        rig.tick();
        assertTrue(rig.machine.replaceable());
        rig.mailbox.post(Op.JOG, 1.0, 0);
        rig.tick();
        assertFalse(rig.machine.replaceable(), "a jog in progress");
        rig.until(() -> rig.mailbox.poll() != null, 100, "jogged");
        rig.tick();
        assertFalse(rig.machine.replaceable(), "away from park");
        rig.console(Op.SERVICE_OFF);
        assertFalse(rig.machine.replaceable(), "leaving");
    }

    @Test
    void aSessionStartedFromTheMenuAfterServiceIsStillPossible() {
        MachineRig rig = new MachineRig().booted();
        rig.console(Op.SERVICE_ON);
        rig.console(Op.SERVICE_OFF);
        rig.untilState(State.IDLE, 10_000);
        rig.loaded().primed();
        rig.machine.presetLot(1);
        rig.start();
        assertEquals(State.ARMED, rig.state());
    }

    @Test
    void aFaultWithNoCommandInFlightAnswersNothing() {
        MachineRig rig = new MachineRig().booted();
        rig.monitor.raise(FaultCode.VALVE_OVERHEAT, rig.in.now);
        rig.ticks(2);
        assertEquals(State.FAULT, rig.state());
        assertNull(rig.mailbox.poll());
    }

    @Test
    void anAcknowledgementFromTheConsoleClearsAFaultAndHomes() {
        MachineRig rig = new MachineRig().booted();
        assertEquals(Result.OK, rig.console(Op.ACK), "nothing to clear");
        rig.in.stop = true;
        rig.ticks(2);
        assertEquals(Result.FAULT_LATCHED, rig.console(Op.ACK), "the stop button is still held");
        rig.in.stop = false;
        assertEquals(Result.OK, rig.console(Op.ACK));
        assertEquals(State.HOMING, rig.state());
        assertEquals(1, rig.events.cleared.size());
    }

    /**
     * Found by trying the console: SERVICE ON, HOME on an uncalibrated gun, then any fault (a loop
     * stall) and ACK used to leave it IDLE with no alarm 100, ready to start a session.
     */
    @Test
    @Verifies("SR-10")
    void anUncalibratedGunHomedInServiceThenFaultedAndAcknowledgedDoesNotArm() {
        TestSettings t = MachineRig.settings();
        t.calibrationValid = false;
        MachineRig rig = new MachineRig(t);
        rig.ticks(3);
        assertEquals(FaultCode.CALIBRATION_INVALID, rig.latched());
        assertEquals(Result.OK, rig.console(Op.SERVICE_ON));
        assertEquals(Result.OK, rig.console(Op.HOME));
        rig.monitor.raise(FaultCode.LOOP_STALLED, rig.in.now);   // the watchdog's latch
        rig.ticks(2);
        assertEquals(State.FAULT, rig.state());
        rig.console(Op.ACK);
        rig.ticks(20_000);
        assertEquals(State.FAULT, rig.state(), "back to the calibration alarm, never IDLE");
        assertEquals(FaultCode.CALIBRATION_INVALID, rig.latched());
        rig.select();
        rig.ticks(100);
        assertFalse(rig.machine.inSession());
        assertEquals(State.FAULT, rig.state());
    }
}
