package org.mesogun.controller.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;
import org.mesogun.controller.State;
import org.mesogun.controller.machine.RecordedEvents.Aborted;
import org.mesogun.controller.safety.FaultCode;
import org.mesogun.hal.LedState;

/**
 * FAULT (requirements §3): latched, shown and sounded, recorded with the point it interrupted; cleared by
 * an acknowledgement once the cause is gone, after which the axis homes again and only a fresh
 * trigger press fires.
 */
class FaultTest {

    /** Armed, then a jam during insertion: a move timeout in the middle of a point. */
    private static MachineRig faultedInAShot() {
        MachineRig rig = new MachineRig().armed();
        rig.jammed = true;
        rig.pressOnSkin();
        rig.untilState(State.FAULT, 1_000);
        rig.jammed = false;
        return rig;
    }

    @Test
    @Verifies("SR-8")
    void aFaultInAShotIsRecordedAgainstThatPoint() {
        MachineRig rig = faultedInAShot();
        assertEquals(List.of(new Aborted(1, 1, FaultCode.MOVE_TIMEOUT)), rig.events.aborted);
        assertEquals(List.of(FaultCode.MOVE_TIMEOUT), rig.events.alarms);
        assertFalse(rig.machine.inSession());
    }

    @Test
    void theFaultIsShownLitAndSounded() {
        MachineRig rig = faultedInAShot();
        assertEquals("ALARM 85", rig.line1);
        assertEquals("Select=acknowledge", rig.line2);
        assertEquals(LedState.FAULT, rig.led);
        boolean heard = false;
        boolean silent = false;
        for (int i = 0; i < 600; i++) {
            rig.tick();
            boolean on = ((rig.in.now / 250_000_000L) & 1) == 0;
            assertEquals(on, rig.buzzer, "on and off every 250 ms");
            heard |= on;
            silent |= !on;
        }
        assertTrue(heard && silent);
    }

    @Test
    void theBuzzerIsSilentOutsideAFault() {
        MachineRig rig = new MachineRig().armed();
        for (int i = 0; i < 600; i++) {
            rig.tick();
            assertFalse(rig.buzzer);
        }
    }

    @Test
    void anAcknowledgementClearsTheFaultAndTheAxisHomesAgain() {
        MachineRig rig = faultedInAShot();
        rig.in.skin = false;
        rig.select();
        assertEquals(List.of(FaultCode.MOVE_TIMEOUT), rig.events.cleared);
        assertEquals(State.HOMING, rig.state());
        rig.untilState(State.IDLE, 10_000);
        rig.assertNoAlarm();
        assertEquals("Start session", rig.line1, "the menu where the clinician left it");
    }

    @Test
    @Verifies("SR-11")
    void whileTheStopButtonIsHeldTheFaultStays() {
        MachineRig rig = new MachineRig().booted();
        rig.in.stop = true;
        rig.ticks(2);
        assertEquals(State.FAULT, rig.state());
        assertTrue(rig.events.ended.isEmpty(), "no session to end");
        assertTrue(rig.events.aborted.isEmpty());
        rig.select();
        assertEquals(State.FAULT, rig.state());
        assertTrue(rig.events.cleared.isEmpty());
        rig.in.stop = false;
        rig.select();
        assertEquals(State.HOMING, rig.state());
    }

    @Test
    void otherButtonsDoNotAcknowledge() {
        MachineRig rig = faultedInAShot();
        rig.press(MachineRig.Button.UP);
        rig.press(MachineRig.Button.DOWN);
        assertEquals(State.FAULT, rig.state());
    }

    /** A fault clears whatever the panel was asking: after it, the menu, not an old refusal. */
    @Test
    void aFaultClearsTheScreenThatWasAsking() {
        MachineRig rig = new MachineRig().booted();
        rig.menuTo("Start session");
        rig.select();
        assertEquals("Cannot start", rig.line1, "not primed: refused");
        rig.in.stop = true;
        rig.ticks(2);
        assertEquals(State.FAULT, rig.state());
        rig.in.stop = false;
        rig.select();
        rig.untilState(State.IDLE, 10_000);
        assertEquals("Start session", rig.line1, "the menu again, not the refusal from before the fault");
    }
}
