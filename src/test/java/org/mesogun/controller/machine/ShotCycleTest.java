package org.mesogun.controller.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;
import org.mesogun.controller.State;
import org.mesogun.controller.machine.RecordedEvents.Aborted;
import org.mesogun.controller.machine.RecordedEvents.Point;
import org.mesogun.controller.safety.FaultCode;
import org.mesogun.hal.LedState;

/**
 * A point in point mode (requirements §3): a trigger press with skin contact inserts to the set depth,
 * settles, doses, dwells, retracts to park and records the point; one press, one point; a shot
 * that loses the skin ends at once and is recorded as aborted.
 */
class ShotCycleTest {

    @Test
    @Verifies({"SR-1", "SR-2", "SR-3"})
    void aPointGoesToTheSetDepthDosesAndIsRecordedBackAtPark() {
        MachineRig rig = new MachineRig().armed();
        assertEquals(LedState.READY, rig.led);
        int primes = rig.pulses.size();
        assertEquals(State.ARMED, rig.shot());
        rig.assertNoAlarm();
        assertEquals(rig.s.depthSteps(1.0), rig.deepest, "exactly 1.0 mm deep");
        assertEquals(List.of(20_000L), rig.pulses.subList(primes, rig.pulses.size()), "one 20 ms pulse for 20 µL");
        assertEquals(List.of(new Point(1, 1, 1.0, 20, 20, 20_000, 1, 1)), rig.events.points);
        assertEquals(rig.park, rig.position());
        assertEquals(1, rig.machine.points());
        assertEquals(20, rig.machine.sessionUl());
        assertEquals("P1 N1/120 9.9mL", rig.line2);
    }

    @Test
    void theShotWalksThroughItsStates() {
        MachineRig rig = new MachineRig().armed();
        rig.events.states.clear();
        rig.shot();
        assertEquals(List.of(State.INSERT, State.SETTLE, State.DOSE, State.DWELL, State.RETRACT, State.ARMED),
                rig.events.states);
    }

    @Test
    void theLedIsBusyWhileTheNeedleIsOut() {
        MachineRig rig = new MachineRig().armed();
        rig.pressOnSkin();
        while (rig.state() != State.ARMED) {
            assertEquals(LedState.BUSY, rig.led, () -> "in " + rig.state());
            rig.tick();
        }
    }

    @Test
    void theValveOpensOnlyAfterTheNeedleHasSettledAtDepth() {
        MachineRig rig = new MachineRig().armed();
        int primes = rig.pulses.size();
        rig.shot();
        long pulseAt = rig.pulseTimes.get(primes);
        long atDepth = rig.shotStarts.get(0) + 20 * MachineRig.MS;   // 800 steps at 40 a tick
        assertEquals(atDepth + 3 * MachineRig.MS, pulseAt, "two settle readings after arriving, then the pulse");
    }

    @Test
    void theNeedleDwellsAfterTheDoseBeforeRetracting() {
        MachineRig rig = new MachineRig().armed();
        int primes = rig.pulses.size();
        rig.pressOnSkin();
        rig.until(() -> rig.state() == State.RETRACT, 200, "retracting");
        long closedAt = rig.pulseTimes.get(primes) + 20 * MachineRig.MS;
        assertEquals(closedAt + 4 * MachineRig.MS, rig.in.now,
                "five dwell ticks, counting the one the valve closed on");
    }

    @Test
    @Verifies("SR-9")
    void productStillFlowingAsTheValveClosesIsCountedOnceTheReadingSettles() {
        MachineRig rig = new MachineRig().armed();
        rig.afterflowTicks = 2;
        rig.shot();
        rig.assertNoAlarm();
        assertEquals(22, rig.events.points.get(0).measuredUl(), "20 µL open, 2 µL as it closed");
    }

    @Test
    void onePressFiresOnePointHoweverLongItIsHeld() {
        MachineRig rig = new MachineRig().armed();
        rig.in.skin = true;
        rig.in.trigger = true;
        rig.ticks(1_000);
        assertEquals(1, rig.shotStarts.size());
        rig.in.trigger = false;
        rig.tick();
        rig.in.trigger = true;
        rig.tick();
        assertEquals(2, rig.shotStarts.size(), "a fresh press fires again");
    }

    @Test
    @Verifies("SR-3")
    void withoutSkinContactTheTriggerDoesNothing() {
        MachineRig rig = new MachineRig().armed();
        rig.in.trigger = true;
        rig.ticks(50);
        assertEquals(State.ARMED, rig.state());
        assertTrue(rig.shotStarts.isEmpty());
    }

    /** Presses the trigger on the tick {@code ms} after the first shot began; released at once. */
    private static void pressAt(MachineRig rig, long first, long ms) {
        rig.in.skin = true;
        rig.until(() -> rig.in.now - first >= (ms - 1) * MachineRig.MS, 300, "waited");
        rig.in.trigger = true;
        rig.tick();
        rig.in.trigger = false;
        rig.tick();
    }

    @Test
    @Verifies("SR-6")
    void aPressSoonerThanTheShotIntervalIsIgnored() {
        MachineRig rig = new MachineRig().armed();
        rig.shot();
        long first = rig.shotStarts.get(0);
        pressAt(rig, first, 110);
        assertEquals(1, rig.shotStarts.size(), "110 ms after the first: lost");
        pressAt(rig, first, 113);
        assertEquals(List.of(first, first + 113 * MachineRig.MS), rig.shotStarts);
    }

    @Test
    @Verifies("SR-6")
    void aPressExactlyTheShotIntervalLaterFires() {
        MachineRig rig = new MachineRig().armed();
        rig.shot();
        long first = rig.shotStarts.get(0);
        pressAt(rig, first, 111);
        assertEquals(List.of(first, first + 111 * MachineRig.MS), rig.shotStarts);
    }

    @Test
    @Verifies("SR-3")
    void liftingOffTheSkinDuringInsertionAbortsThePoint() {
        MachineRig rig = new MachineRig().armed();
        rig.in.skin = true;
        rig.in.trigger = true;
        rig.ticks(5);
        rig.in.trigger = false;
        rig.in.skin = false;
        rig.tick();
        assertEquals(State.RETRACT, rig.state());
        assertEquals(rig.park, rig.axisTarget, "straight back to park");
        rig.untilState(State.ARMED, 200);
        assertEquals(List.of(new Aborted(1, 1, null)), rig.events.aborted);
        assertTrue(rig.events.points.isEmpty());
        assertEquals(0, rig.machine.points());
        assertEquals(rig.park, rig.position());
        rig.assertNoAlarm();
    }

    @Test
    @Verifies("SR-3")
    void liftingOffTheSkinDuringTheDoseShutsTheValveAtOnce() {
        MachineRig rig = new MachineRig().armed();
        rig.pressOnSkin();
        rig.until(() -> rig.in.valveOpen, 100, "dosing");
        rig.in.skin = false;
        rig.tick();
        assertTrue(rig.out.valveShut, "shut this tick");
        assertEquals(0, rig.valveLeftNanos);
        rig.untilState(State.ARMED, 200);
        assertEquals(1, rig.events.aborted.size());
        assertTrue(rig.events.points.isEmpty());
        rig.assertNoAlarm();
    }

    @Test
    @Verifies("SR-8")
    void aJammedInsertionIsAMoveTimeoutAfterHalfASecond() {
        MachineRig rig = new MachineRig().armed();
        rig.jammed = true;
        rig.in.skin = true;
        rig.in.trigger = true;
        rig.tick();
        rig.ticks(500);
        assertNull(rig.latched(), "the move has its full 500 ms");
        assertEquals(State.INSERT, rig.state());
        rig.tick();
        assertEquals(FaultCode.MOVE_TIMEOUT, rig.latched());
        rig.tick();
        assertEquals(State.FAULT, rig.state());
    }

    @Test
    @Verifies("SR-8")
    void aJammedRetractionIsAMoveTimeout() {
        MachineRig rig = new MachineRig().armed();
        rig.pressOnSkin();
        rig.until(() -> rig.state() == State.RETRACT, 200, "retracting");
        rig.jammed = true;
        rig.ticks(500);
        assertNull(rig.latched(), "the move has its full 500 ms");
        rig.tick();
        assertEquals(FaultCode.MOVE_TIMEOUT, rig.latched());
        rig.tick();
        assertFalse(rig.machine.inSession());
    }
}
