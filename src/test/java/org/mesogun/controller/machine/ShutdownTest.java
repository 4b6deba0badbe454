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
 * A clean stop (SIGTERM, SR-11): the shot in progress ends at once — valve shut, needle out — the
 * session ends with its reason recorded, and the machine then rests: no shot, no session.
 */
class ShutdownTest {

    @Test
    @Verifies("SR-11")
    void aShutdownMidDoseShutsTheValveRetractsAndEndsTheSession() {
        MachineRig rig = new MachineRig().armed();
        rig.pressOnSkin();
        rig.until(() -> rig.in.valveOpen, 100, "dosing");
        assertFalse(rig.machine.restingAfterShutdown());
        rig.machine.requestShutdown();
        rig.tick();
        assertTrue(rig.out.valveShut);
        assertEquals(0, rig.valveLeftNanos);
        assertEquals(rig.park, rig.axisTarget);
        assertEquals(State.RETRACT, rig.state());
        assertFalse(rig.machine.restingAfterShutdown(), "the needle is still coming out");
        assertEquals(List.of(new Aborted(1, 1, null)), rig.events.aborted);
        assertEquals(SessionEnd.SHUTDOWN, rig.events.lastEnded().reason());
        rig.untilState(State.IDLE, 200);
        assertTrue(rig.machine.restingAfterShutdown());
        assertEquals(rig.park, rig.position());
        rig.assertNoAlarm();
    }

    @Test
    @Verifies("SR-11")
    void aShutdownWhilePrimingStopsThePriming() {
        MachineRig rig = new MachineRig().booted().loaded();
        rig.menuTo("Prime").select();
        rig.until(() -> rig.in.valveOpen, 50, "priming");
        rig.machine.requestShutdown();
        rig.tick();
        assertTrue(rig.out.valveShut);
        assertEquals(State.IDLE, rig.state());
        assertTrue(rig.machine.restingAfterShutdown());
    }

    @Test
    void aShutdownWhileArmedEndsTheSessionAndIsAtRest() {
        MachineRig rig = new MachineRig().armed();
        rig.machine.requestShutdown();
        rig.tick();
        assertEquals(SessionEnd.SHUTDOWN, rig.events.lastEnded().reason());
        assertTrue(rig.events.aborted.isEmpty());
        assertEquals(State.IDLE, rig.state());
        assertTrue(rig.machine.restingAfterShutdown());
        rig.tick();
        assertEquals(1, rig.events.ended.size(), "handled once");
    }

    @Test
    void beforeAShutdownIsAskedTheMachineIsNotAtRest() {
        MachineRig rig = new MachineRig().booted();
        assertFalse(rig.machine.restingAfterShutdown());
    }
}
