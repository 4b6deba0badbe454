package org.mesogun.controller.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;
import org.mesogun.controller.SessionEnd;
import org.mesogun.controller.State;
import org.mesogun.controller.machine.RecordedEvents.Aborted;

/**
 * The console's realtime characters outside SERVICE (requirements §6): hold ({@code !}) ends a shot or a
 * priming at once, valve shut; reset (Ctrl-X) does that and ends the session, recorded as a stop.
 */
class RealtimeTest {

    @Test
    @Verifies("SR-11")
    void aHoldEndsTheShotInProgressButNotTheSession() {
        MachineRig rig = new MachineRig().armed();
        rig.pressOnSkin();
        rig.until(() -> rig.in.valveOpen, 100, "dosing");
        rig.mailbox.requestHold();
        rig.tick();
        assertTrue(rig.out.valveShut);
        assertEquals(0, rig.valveLeftNanos);
        assertEquals(State.RETRACT, rig.state());
        rig.untilState(State.ARMED, 200);
        assertEquals(List.of(new Aborted(1, 1, null)), rig.events.aborted);
        assertTrue(rig.machine.inSession());
    }

    @Test
    void aHoldDuringInsertionRetractsToo() {
        MachineRig rig = new MachineRig().armed();
        rig.in.skin = true;
        rig.in.trigger = true;
        rig.ticks(3);
        rig.mailbox.requestHold();
        rig.tick();
        assertEquals(State.RETRACT, rig.state());
        assertEquals(rig.park, rig.axisTarget);
    }

    @Test
    void aHoldEndsPriming() {
        MachineRig rig = new MachineRig().booted().loaded();
        rig.menuTo("Prime").select();
        rig.until(() -> rig.in.valveOpen, 50, "priming");
        rig.mailbox.requestHold();
        rig.tick();
        assertTrue(rig.out.valveShut);
        assertEquals(State.IDLE, rig.state());
        assertFalse(rig.machine.primed());
    }

    @Test
    @Verifies("SR-11")
    void aResetEndsTheSessionAsAStop() {
        MachineRig rig = new MachineRig().armed();
        rig.shot();
        rig.mailbox.requestReset();
        rig.tick();
        assertFalse(rig.machine.inSession());
        assertEquals(SessionEnd.STOP, rig.events.lastEnded().reason());
        assertEquals(State.IDLE, rig.state());
    }

    @Test
    void aHoldWhileArmedChangesNothing() {
        MachineRig rig = new MachineRig().armed();
        rig.mailbox.requestHold();
        rig.tick();
        assertEquals(State.ARMED, rig.state());
        assertTrue(rig.machine.inSession());
        assertEquals(State.ARMED, rig.shot());
    }
}
