package org.mesogun.controller.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;
import org.mesogun.controller.State;
import org.mesogun.controller.machine.MachineRig.Button;
import org.mesogun.controller.safety.TestSettings;

/**
 * SR-5 within a session: before the syringe runs into its reserve the session waits on a reload
 * screen, fires nothing, takes a new syringe, primes it, and carries on with its totals.
 */
class ReloadTest {

    /** 240 µL: after 80 primed, 160; the reload screen once fewer than 100 + 1.5 × 20 remain. */
    private static MachineRig smallSyringe() {
        TestSettings t = MachineRig.settings();
        t.syringeUl = 240;
        return new MachineRig(t).armed();
    }

    @Test
    @Verifies("SR-5")
    void beforeTheReserveTheSessionWaitsForANewSyringeAndFiresNothing() {
        MachineRig rig = smallSyringe();
        rig.shot();
        rig.shot();   // 120 µL left: 20 above the reserve, under 1.5 doses
        rig.tick();
        assertEquals("Syringe empty", rig.line1);
        assertEquals("Load new, Select", rig.line2);
        rig.readyToFire();
        rig.in.skin = true;
        rig.in.trigger = true;
        rig.ticks(50);
        rig.in.trigger = false;
        assertEquals(2, rig.shotStarts.size(), "nothing fires");
        rig.press(Button.UP);
        rig.press(Button.DOWN);
        assertEquals("Syringe empty", rig.line1, "only select leaves it");
        assertTrue(rig.machine.inSession());
    }

    @Test
    void aSyringeHoldingTheReserveAndOneAndAHalfDosesStillFires() {
        // After priming (80 uL) and one shot (20 uL), each at the reservoir's scale: 100 + 1.5 x 20.
        TestSettings t = MachineRig.settings();
        t.syringeUl = Math.ceil(100 + 1.5 * 20 + 100 * MachineRig.reservoirScaleAfterPriming()) + 1;
        MachineRig rig = new MachineRig(t).armed();
        rig.shot();
        assertEquals(State.ARMED, rig.shot());
        assertEquals(2, rig.events.points.size());
    }

    @Test
    @Verifies("SR-5")
    void theNewSyringeIsPrimedAndTheSessionCarriesOn() {
        MachineRig rig = smallSyringe();
        rig.shot();
        rig.shot();
        rig.in.skin = false;
        rig.select();
        assertEquals("Change syringe", rig.line1);
        assertFalse(rig.machine.primed());
        rig.plungerMicrons += 5_000;   // the new syringe's plunger sits elsewhere: no fault
        rig.ticks(20);
        rig.assertNoAlarm();
        rig.select();
        assertEquals(State.PRIMING, rig.state(), "the new syringe is primed at once");
        rig.untilState(State.ARMED, 2_000);
        assertTrue(rig.machine.primed());
        assertEquals(1, rig.machine.sessionNo(), "the same session");
        assertEquals("face-point", rig.line1);
        rig.shot();
        assertEquals(3, rig.events.points.get(2).point());
        assertEquals(60, rig.machine.sessionUl(), "priming is not dose");
        assertEquals(List.of(80.0, 80.0), rig.events.primed);
    }

    @Test
    @Verifies("SR-3")
    void touchingTheSkinWhilePrimingTheNewSyringeGoesBackToTheReloadScreen() {
        MachineRig rig = smallSyringe();
        rig.shot();
        rig.shot();
        rig.select();
        rig.select();
        rig.until(() -> rig.in.valveOpen, 50, "priming");
        rig.in.skin = true;
        rig.tick();
        assertTrue(rig.out.valveShut);
        assertEquals(State.ARMED, rig.state());
        assertTrue(rig.machine.inSession());
        assertFalse(rig.machine.primed());
        rig.tick();
        assertEquals("Syringe empty", rig.line1, "not primed: load and prime again");
    }

    /**
     * Found by a review: a console hold ('!', no login needed) while the new syringe primed sent the
     * machine to IDLE with the session still running, where the menu could edit its dose.
     */
    @Test
    @Verifies("SR-5")
    void aConsoleHoldDuringTheMidSessionPrimeKeepsTheSessionInItsStates() {
        MachineRig rig = primingTheNewSyringe();
        rig.mailbox.requestHold();
        rig.tick();
        assertTrue(rig.out.valveShut);
        assertEquals(State.ARMED, rig.state(), "a session never sits in IDLE");
        assertTrue(rig.machine.inSession());
        assertFalse(rig.machine.primed());
        rig.tick();
        assertEquals("Syringe empty", rig.line1, "not primed: load and prime again");
        rig.press(Button.UP);
        rig.press(Button.DOWN);
        assertEquals("Syringe empty", rig.line1, "no menu to edit what the session started with");
    }

    @Test
    void aConsoleResetDuringTheMidSessionPrimeEndsTheSessionAsAStop() {
        MachineRig rig = primingTheNewSyringe();
        rig.mailbox.requestReset();
        rig.tick();
        assertTrue(rig.out.valveShut);
        assertFalse(rig.machine.inSession());
        assertEquals(State.IDLE, rig.state());
        assertEquals(org.mesogun.controller.SessionEnd.STOP, rig.events.ended.get(rig.events.ended.size() - 1).reason());
    }

    private static MachineRig primingTheNewSyringe() {
        MachineRig rig = smallSyringe();
        rig.shot();
        rig.shot();
        rig.in.skin = false;
        rig.select();
        rig.select();
        rig.until(() -> rig.in.valveOpen, 50, "priming");
        assertEquals(State.PRIMING, rig.state());
        assertTrue(rig.machine.inSession());
        return rig;
    }
}
