package org.mesogun.controller.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;
import org.mesogun.controller.State;
import org.mesogun.controller.safety.TestSettings;
import org.mesogun.hal.LedState;

/**
 * SR-4 at the panel: a needle at its puncture or time limit stops the gun firing, says so, and a
 * needle change (hub open at least 300 ms, then closed) rehomes the axis and lets it fire again,
 * but only on a fresh trigger press.
 */
class NeedleTest {

    private static MachineRig armedWithLimit(int punctures) {
        TestSettings t = MachineRig.settings();
        t.punctureLimit = punctures;
        return new MachineRig(t).armed();
    }

    private static void pressOnSkin(MachineRig rig) {
        rig.readyToFire();
        rig.pressOnSkin();
        rig.tick();
    }

    @Test
    @Verifies("SR-4")
    void atThePunctureLimitTheGunSaysChangeNeedleAndDoesNotFire() {
        MachineRig rig = armedWithLimit(2);
        rig.shot();
        assertEquals("face-point", rig.line1);
        assertEquals(LedState.READY, rig.led);
        rig.shot();
        assertEquals("CHANGE NEEDLE", rig.line1);
        assertEquals("P2 N2/2 9.9mL", rig.line2);
        assertEquals(LedState.ATTENTION, rig.led);
        pressOnSkin(rig);
        assertEquals(State.ARMED, rig.state());
        assertEquals(2, rig.shotStarts.size());
    }

    @Test
    @Verifies("SR-4")
    void aNeedleChangeRehomesAndAFreshPressFiresAgain() {
        MachineRig rig = armedWithLimit(1);
        rig.shot();
        rig.in.trigger = true;   // held through the change
        rig.needleOut(300);
        assertEquals(List.of(2), rig.events.needles);
        assertEquals(State.HOMING, rig.state(), "the axis homes at a needle change");
        rig.in.skin = true;
        rig.untilState(State.ARMED, 10_000);
        rig.ticks(200);
        assertEquals(1, rig.shotStarts.size(), "the held trigger does not fire");
        assertEquals("face-point", rig.line1);
        rig.in.trigger = false;
        rig.tick();
        rig.in.trigger = true;
        rig.tick();
        assertEquals(2, rig.shotStarts.size());
    }

    @Test
    @Verifies("SR-4")
    void aHubOpenedBrieflyIsNoChange() {
        MachineRig rig = armedWithLimit(1);
        rig.shot();
        rig.needleOut(200);
        assertTrue(rig.events.needles.isEmpty());
        assertEquals("CHANGE NEEDLE", rig.line1);
        pressOnSkin(rig);
        assertEquals(1, rig.shotStarts.size());
    }

    @Test
    @Verifies("SR-4")
    void withTheHubOpenNothingFires() {
        MachineRig rig = new MachineRig().armed();
        rig.in.needleFitted = false;
        rig.tick();
        pressOnSkin(rig);
        assertEquals(State.ARMED, rig.state());
        assertTrue(rig.shotStarts.isEmpty());
        rig.assertNoAlarm();
    }

    @Test
    @Verifies("SR-4")
    void atTheTimeLimitTheGunDoesNotFire() {
        TestSettings t = MachineRig.settings();
        t.needleTimeLimitNanos = 10_000 * MachineRig.MS;   // 10 s of powered time
        MachineRig rig = new MachineRig(t).armed();
        int writes = rig.panelWrites;
        rig.ticks(10_000);
        assertEquals(LedState.ATTENTION, rig.led);
        assertEquals("CHANGE NEEDLE", rig.line1, "the panel says so without a shot to redraw it");
        assertEquals(writes + 1, rig.panelWrites, "once");
        pressOnSkin(rig);
        assertTrue(rig.shotStarts.isEmpty());
    }

    @Test
    void aNeedleChangedWhileIdleRehomesToo() {
        MachineRig rig = new MachineRig().booted();
        rig.needleOut(300);
        assertEquals(State.HOMING, rig.state());
        rig.untilState(State.IDLE, 10_000);
        assertEquals("Protocol", rig.line1);
    }
}
