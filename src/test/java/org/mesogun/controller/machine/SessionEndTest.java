package org.mesogun.controller.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;
import org.mesogun.controller.SessionEnd;
import org.mesogun.controller.State;
import org.mesogun.controller.machine.MachineRig.Button;
import org.mesogun.controller.machine.RecordedEvents.Aborted;
import org.mesogun.controller.machine.RecordedEvents.Ended;
import org.mesogun.controller.safety.FaultCode;
import org.mesogun.controller.safety.TestSettings;

/**
 * How a session ends (requirements §3), each with its reason and totals recorded: on the panel (asked and
 * confirmed), before the session's cumulative cap (SR-5), by the stop button (SR-11), by a fault.
 */
class SessionEndTest {

    @Test
    void thePanelAsksThenEndsTheSessionWithItsTotals() {
        MachineRig rig = new MachineRig().armed();
        rig.shot();
        rig.select();
        assertEquals("End session?", rig.line1);
        assertEquals("Select=yes", rig.line2);
        assertTrue(rig.machine.inSession());
        rig.select();
        assertFalse(rig.machine.inSession());
        assertEquals(State.IDLE, rig.state());
        assertEquals(List.of(new Ended(1, 1, 20, SessionEnd.PANEL)), rig.events.ended);
        assertEquals("Start session", rig.line1, "back on the menu");
    }

    @Test
    void anotherButtonKeepsTheSessionGoing() {
        MachineRig rig = new MachineRig().armed();
        rig.select();
        rig.press(Button.DOWN);
        assertTrue(rig.machine.inSession());
        assertEquals("face-point", rig.line1);
        rig.select();
        rig.press(Button.UP);
        assertEquals("face-point", rig.line1, "up backs out too");
        assertEquals(State.ARMED, rig.shot());
        assertTrue(rig.events.ended.isEmpty());
    }

    @Test
    void upAndDownAloneDoNotAskToEnd() {
        MachineRig rig = new MachineRig().armed();
        rig.press(Button.UP);
        rig.press(Button.DOWN);
        assertEquals("face-point", rig.line1);
        rig.select();
        rig.select();
        assertFalse(rig.machine.inSession());
    }

    @Test
    @Verifies("SR-5")
    void theSessionEndsBeforeADoseCouldPassTheCumulativeCap() {
        // The plunger's 40 uL after 2 points count at the reservoir's scale s (the cross-check's
        // lower bound, on the safe side): at 40 s + 1.5 × 20 a third may go; 5 uL more and after 3
        // points the monitor would refuse a fourth (60 s + 1.45 × 20 is over it): the session ends
        // before that.
        double allowed = Math.ceil(40 * MachineRig.reservoirScaleAfterPriming() + 30);
        for (double cap : new double[] {allowed, allowed + 5}) {
            TestSettings t = MachineRig.settings();
            t.sessionMaxDoseUl = cap;
            MachineRig rig = new MachineRig(t).armed();
            rig.shot();
            rig.shot();
            rig.shot();
            assertFalse(rig.machine.inSession());
            assertEquals(List.of(new Ended(1, 3, 60, SessionEnd.SESSION_CAP)), rig.events.ended);
            assertEquals(State.IDLE, rig.state());
            rig.assertNoAlarm();
        }
    }

    @Test
    void yesPressedWithTheTriggerFiresNothing() {
        MachineRig rig = new MachineRig().armed();
        rig.select();
        rig.in.skin = true;
        rig.in.select = true;
        rig.in.trigger = true;
        rig.tick();
        rig.in.select = false;
        rig.in.trigger = false;
        rig.ticks(100);
        assertFalse(rig.machine.inSession());
        assertTrue(rig.shotStarts.isEmpty());
        assertEquals(rig.park, rig.deepest);
        rig.assertNoAlarm();
    }

    @Test
    void afterASessionTheGunPrimesAndStartsAgain() {
        MachineRig rig = new MachineRig().armed();
        rig.shot();
        rig.select();
        rig.select();
        rig.needleOut(300);
        rig.untilState(State.IDLE, 10_000);
        rig.loaded().primed();
        rig.assertNoAlarm();
        rig.start();
        assertEquals(2, rig.machine.sessionNo());
        assertEquals(State.ARMED, rig.shot());
        rig.assertNoAlarm();
    }

    @Test
    @Verifies("SR-11")
    void theStopButtonEndsTheShotAndTheSessionAtOnce() {
        MachineRig rig = new MachineRig().armed();
        rig.in.skin = true;
        rig.in.trigger = true;
        rig.tick();
        rig.until(() -> rig.in.valveOpen, 100, "dosing");
        rig.in.stop = true;
        rig.tick();
        assertEquals(0, rig.valveLeftNanos, "valve shut");
        assertEquals(rig.park, rig.axisTarget, "needle coming out");
        rig.tick();
        assertEquals(State.FAULT, rig.state());
        assertEquals(List.of(new Aborted(1, 1, FaultCode.STOP_PRESSED)), rig.events.aborted);
        assertEquals(SessionEnd.STOP, rig.events.lastEnded().reason());
        assertEquals(List.of(FaultCode.STOP_PRESSED), rig.events.alarms);
    }

    @Test
    void aFaultWhileArmedEndsTheSessionAsAFaultWithNoPointAborted() {
        MachineRig rig = new MachineRig().armed();
        rig.shot();
        rig.monitor.raise(FaultCode.VALVE_OVERHEAT, rig.in.now);
        rig.tick();
        assertEquals(State.FAULT, rig.state());
        assertEquals(List.of(new Ended(1, 1, 20, SessionEnd.FAULT)), rig.events.ended);
        assertTrue(rig.events.aborted.isEmpty());
    }
}
