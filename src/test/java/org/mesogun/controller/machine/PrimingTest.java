package org.mesogun.controller.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;
import org.mesogun.controller.State;
import org.mesogun.controller.safety.FaultCode;
import org.mesogun.controller.safety.TestSettings;

/**
 * PRIME (requirements §3): valve pulses with the needle parked and off the skin until the plunger shows
 * the product flowing — at least two pulses, at most ten — logged, not counted as dose.
 */
class PrimingTest {

    @Test
    void withoutASyringePrimingIsRefused() {
        MachineRig rig = new MachineRig().booted();
        rig.menuTo("Prime").select();
        assertEquals(State.IDLE, rig.state());
        assertEquals("Cannot start", rig.line1);
        assertEquals("Load syringe", rig.line2);
        assertTrue(rig.pulses.isEmpty());
    }

    @Test
    @Verifies("SR-3")
    void onTheSkinPrimingIsRefused() {
        MachineRig rig = new MachineRig().booted().loaded();
        rig.in.skin = true;
        rig.menuTo("Prime").select();
        assertEquals(State.IDLE, rig.state());
        assertEquals("Lift off skin", rig.line2);
        assertTrue(rig.pulses.isEmpty());
    }

    @Test
    void parkedPulsesUntilTheFlowIsWeighedThenPrimedAndLogged() {
        MachineRig rig = new MachineRig().booted().loaded();
        rig.menuTo("Prime").select();
        assertEquals("Priming", rig.line1);
        assertEquals(List.of(rig.in.now), rig.pulseTimes, "the first pulse at once");
        rig.until(() -> rig.state() != State.PRIMING, 2_000, "primed");
        assertTrue(rig.machine.primed());
        // The first pulse moves the plunger from where it sat; the next three (480 um at 8 um/uL)
        // are what the cross-check weighs against the calibrated flow, read to 3 % at 3 sigma.
        assertEquals(List.of(20_000L, 20_000L, 20_000L, 20_000L), rig.pulses);
        assertEquals(rig.park, rig.deepest, "never left park");
        assertEquals(List.of(80.0), rig.events.primed);
        assertEquals(1.0, rig.monitor.crossCheckRatio(), 1e-9);
        assertEquals(State.IDLE, rig.state());
        rig.assertNoAlarm();
    }

    @Test
    void thePanelCountsThePulses() {
        MachineRig rig = new MachineRig().booted().loaded();
        rig.menuTo("Prime").select();
        assertEquals("pulse 1", rig.line2);
        rig.until(() -> rig.pulses.size() == 2, 100, "pulsed twice");
        assertEquals("pulse 2", rig.line2);
    }

    @Test
    void theProductSettlesThirtyTicksBeforeThePlungerIsReadAgain() {
        MachineRig rig = new MachineRig().booted().loaded().primed();
        long closed = rig.pulseTimes.get(0) + 20 * MachineRig.MS;
        // Read, and the next pulse asked, on the 30th tick counting the one the valve closed on.
        assertEquals(closed + 29 * MachineRig.MS, rig.pulseTimes.get(1));
    }

    @Test
    @Verifies("SR-5")
    void aFlowHalfTheCalibratedIsASyringeMismatchWhilePrimingParked() {
        MachineRig rig = new MachineRig().booted().loaded();
        rig.delivery = 0.5;   // the plunger says half of what the scale-calibrated flow gives
        rig.menuTo("Prime").select();
        rig.untilState(State.FAULT, 2_000);
        assertEquals(FaultCode.SYRINGE_MISMATCH, rig.latched());
        assertEquals(0.5, rig.monitor.crossCheckRatio(), 0.01);
        assertEquals(rig.park, rig.deepest, "found parked, before any dose");
        assertFalse(rig.machine.primed());
        assertTrue(rig.monitor.syringeSuspect(), "no session from this syringe");
    }

    @Test
    void aPulseTooShortToWeighPrimesOnToEightOpenings() {
        TestSettings t = MachineRig.settings();
        t.maxOpenMicros = 2_500;   // 20 um a pulse: the window is judged at its eighth opening
        MachineRig rig = new MachineRig(t).booted().loaded().primed();
        assertEquals(9, rig.pulses.size());
        assertEquals(22.5, rig.events.primed.get(0), 1e-9);
    }

    @Test
    @Verifies("SR-9")
    void theSyringeChangeIsNoPlungerFault() {
        MachineRig rig = new MachineRig().booted().loaded().primed();
        rig.menuTo("Load syringe").select();
        rig.plungerMicrons = 0;   // the old syringe out: the sensor reads whatever it reads
        rig.ticks(50);
        rig.plungerMicrons = 3_000;   // the new one in
        rig.ticks(50);
        rig.assertNoAlarm();
        rig.select();
        rig.primed();
        rig.assertNoAlarm();
        assertEquals(80, rig.events.primed.get(1), "counted from the new syringe's plunger");
    }

    @Test
    void aPrimingPulseIsNeverLongerThanMaxOpen() {
        TestSettings t = MachineRig.settings();
        t.maxOpenMicros = 15_000;
        MachineRig rig = new MachineRig(t).booted().loaded().primed();
        assertEquals(List.of(15_000L, 15_000L, 15_000L, 15_000L), rig.pulses);
    }

    @Test
    @Verifies("SR-9")
    void noFlowAfterTenPulsesIsAnAlarm() {
        MachineRig rig = new MachineRig().booted().loaded();
        rig.delivery = 0;
        rig.menuTo("Prime").select();
        rig.untilState(State.FAULT, 2_000);
        // The cross-check's window, eight openings with nothing moved, says it first: not the
        // syringe's bore (nothing left at all), an occlusion or a valve stuck closed.
        assertEquals(FaultCode.DOSE_NOT_DELIVERED, rig.latched());
        assertEquals(9, rig.pulses.size());
        assertFalse(rig.monitor.syringeSuspect());
        assertFalse(rig.machine.primed());
    }

    @Test
    @Verifies("SR-3")
    void touchingTheSkinWhilePrimingShutsTheValveAndStops() {
        MachineRig rig = new MachineRig().booted().loaded();
        rig.menuTo("Prime").select();
        rig.until(() -> rig.in.valveOpen, 50, "pulsing");
        rig.in.skin = true;
        rig.tick();
        assertTrue(rig.out.valveShut);
        assertEquals(0, rig.valveLeftNanos, "closed this tick");
        assertEquals(State.IDLE, rig.state());
        assertEquals("Lift off skin", rig.line2);
        assertFalse(rig.machine.primed());
        rig.assertNoAlarm();
    }

    @Test
    void loadingAgainUndoesThePriming() {
        MachineRig rig = new MachineRig().booted().loaded().primed();
        rig.menuTo("Load syringe").select();
        assertFalse(rig.machine.primed());
        assertEquals("Change syringe", rig.line1);
        assertEquals("Select when in", rig.line2);
        rig.press(MachineRig.Button.DOWN);
        assertEquals("Change syringe", rig.line1, "only select, when the syringe is in");
        rig.select();
        rig.machine.presetLot(1);
        rig.start();
        assertEquals("Prime first", rig.line2);
    }
}
