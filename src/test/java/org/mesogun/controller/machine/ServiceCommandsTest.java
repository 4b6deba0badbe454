package org.mesogun.controller.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;
import org.mesogun.controller.ServiceMailbox.Op;
import org.mesogun.controller.ServiceMailbox.Result;
import org.mesogun.controller.State;
import org.mesogun.controller.safety.FaultCode;
import org.mesogun.controller.safety.TestSettings;

/**
 * The technician's commands in SERVICE (requirements §6, SR-3): JOG within the travel and the depth
 * limit, ZERO, and PRIME / TESTSHOT pulses fired only parked and off the skin, each no longer
 * than max_open_ms, spaced for the valve's thermal window and answered once the plunger settles.
 */
class ServiceCommandsTest {

    private static MachineRig inService() {
        return inService(MachineRig.settings());
    }

    private static MachineRig inService(TestSettings t) {
        MachineRig rig = new MachineRig(t).booted();
        assertEquals(Result.OK, rig.console(Op.SERVICE_ON));
        return rig;
    }

    @Test
    @Verifies("SR-1")
    void aJogMovesByMillimetresUpToTheDepthLimitAndNoFurther() {
        MachineRig rig = inService();
        assertEquals(Result.OK, rig.console(Op.JOG, 1.0, 0));
        assertEquals(rig.park + 400, rig.position());
        assertEquals(rig.park + 400, rig.mailbox.position(), "the answer says where it stands");
        assertEquals(Result.OUT_OF_TRAVEL, rig.console(Op.JOG, 3.97, 0), "9588 is past the 9584 limit (3.96 mm)");
        assertEquals(Result.OK, rig.console(Op.JOG, 3.96, 0));
        assertEquals(rig.monitor.depthLimitSteps(), rig.position());
        rig.assertNoAlarm();
    }

    @Test
    void aJogNeverGoesBehindHome() {
        MachineRig rig = inService();
        assertEquals(Result.OUT_OF_TRAVEL, rig.console(Op.JOG, -19.01, 0));
        assertEquals(Result.OK, rig.console(Op.JOG, -19.0, 0));
        assertEquals(0, rig.position());
    }

    @Test
    void aJogNeverPassesTheMechanicalTravel() {
        TestSettings t = MachineRig.settings();
        t.zeroSteps = 11_000;   // the depth limit, 12600, beyond the 12000 steps of travel
        MachineRig rig = inService(t);
        assertEquals(Result.OUT_OF_TRAVEL, rig.console(Op.JOG, 3.51, 0), "park 10600 + 1404");
        assertEquals(Result.OK, rig.console(Op.JOG, 3.5, 0));
        assertEquals(12_000, rig.position());
    }

    @Test
    void aJogByNothingANumberIsRefused() {
        MachineRig rig = inService();
        assertEquals(Result.OUT_OF_RANGE, rig.console(Op.JOG, Double.NaN, 0));
        assertEquals(Result.OUT_OF_RANGE, rig.console(Op.JOG, Double.POSITIVE_INFINITY, 0));
    }

    @Test
    @Verifies("SR-8")
    void aJammedJogIsAMoveTimeoutAndTheCommandFails() {
        MachineRig rig = inService();
        rig.jammed = true;
        rig.mailbox.post(Op.JOG, 1.0, 0);
        rig.tick();
        rig.ticks(5_000);
        assertNull(rig.latched(), "the jog has its full 5 s");
        rig.tick();
        assertEquals(FaultCode.MOVE_TIMEOUT, rig.latched());
        rig.tick();
        assertEquals(Result.FAILED, rig.mailbox.poll());
    }

    @Test
    void aFailedServiceHomingFailsTheCommand() {
        MachineRig rig = inService();
        rig.homeSwitch = pos -> false;
        assertEquals(Result.FAILED, rig.console(Op.HOME));
        assertEquals(FaultCode.HOMING_FAILED, rig.latched());
    }

    @Test
    void aServiceHomingIgnoresTheParkFlagWhosePlaceIsBeingCalibrated() {
        MachineRig rig = new MachineRig();
        rig.parkFlag = pos -> pos <= 7_900;   // in truth the flag sits 0.75 mm further in
        rig.booted();
        assertEquals(Result.OK, rig.console(Op.SERVICE_ON));
        assertEquals(Result.OK, rig.console(Op.JOG, 0.5, 0));   // 7800: past where it should clear
        assertEquals(Result.OK, rig.console(Op.HOME));
        rig.assertNoAlarm();
        assertEquals(rig.park, rig.position());
    }

    @Test
    void zeroReportsThePosition() {
        MachineRig rig = inService();
        rig.console(Op.JOG, 2.0, 0);
        assertEquals(Result.OK, rig.console(Op.ZERO));
        assertEquals(rig.park + 800, rig.mailbox.position());
    }

    @Test
    @Verifies("SR-3")
    void primePulsesParkedOffTheSkinSpacedAndSettled() {
        MachineRig rig = inService();
        long posted = rig.in.now;
        assertEquals(Result.OK, rig.console(Op.PRIME, 0, 3));
        assertEquals(List.of(20_000L, 20_000L, 20_000L), rig.pulses);
        assertEquals(posted + MachineRig.MS, rig.pulseTimes.get(0), "the first at once");
        assertEquals(rig.park, rig.deepest);
        long gap = rig.pulseTimes.get(1) - rig.pulseTimes.get(0);
        assertEquals(170 * MachineRig.MS, gap, "20 ms open, then 150 ms for the valve's thermal window");
        long answered = rig.in.now - rig.pulseTimes.get(2);
        assertEquals(320 * MachineRig.MS, answered, "20 ms, then 300 ms for the plunger to settle");
        rig.assertNoAlarm();
    }

    @Test
    @Verifies("SR-3")
    void aPrimeAwayFromParkParksFirst() {
        MachineRig rig = inService();
        rig.console(Op.JOG, 1.0, 0);
        assertEquals(Result.OK, rig.console(Op.PRIME, 0, 1));
        assertEquals(List.of(20_000L), rig.pulses);
        assertEquals(rig.park, rig.position());
        rig.assertNoAlarm();
    }

    @Test
    @Verifies("SR-2")
    void aTestShotIsTheDosesCalibratedTimeWithinMaxOpen() {
        TestSettings t = MachineRig.settings();
        t.flowOffsetUl = 2;
        t.flowUlPerMs = 2;
        MachineRig rig = inService(t);
        assertEquals(Result.OK, rig.console(Op.TESTSHOT, 25, 1));
        assertEquals(List.of(11_500L), rig.pulses, "25 µL less the 2 µL of the valve's opening and closing, at 2 µL/ms");
        assertEquals(Result.OUT_OF_RANGE, rig.console(Op.TESTSHOT, 82.01, 1), "past 40 ms");
        assertEquals(Result.OK, rig.console(Op.TESTSHOT, 82, 1));
        assertEquals(Result.OUT_OF_RANGE, rig.console(Op.TESTSHOT, 2, 1), "no time at all");
        assertEquals(Result.OUT_OF_RANGE, rig.console(Op.TESTSHOT, 10, 0), "no pulses");
        assertEquals(List.of(11_500L, 40_000L), rig.pulses);
    }

    @Test
    @Verifies("SR-3")
    void onTheSkinNoServicePulse() {
        MachineRig rig = inService();
        rig.in.skin = true;
        assertEquals(Result.SKIN_CONTACT, rig.console(Op.PRIME, 0, 1));
        assertTrue(rig.pulses.isEmpty());
    }

    @Test
    @Verifies("SR-3")
    void skinContactDuringAPrimeEndsIt() {
        MachineRig rig = inService();
        rig.mailbox.post(Op.PRIME, 0, 5);
        rig.until(() -> rig.pulses.size() == 2, 1_000, "two pulses");
        rig.in.skin = true;
        rig.tick();
        assertTrue(rig.out.valveShut);
        assertEquals(Result.SKIN_CONTACT, rig.mailbox.poll());
        rig.ticks(500);
        assertEquals(2, rig.pulses.size());
    }

    @Test
    void aHotValveWaitsUntilItsDutyCycleIsHalfTheLimit() {
        MachineRig rig = inService();
        rig.in.valveDuty = 0.25;   // max 0.5: half of it
        rig.mailbox.post(Op.PRIME, 0, 1);
        rig.ticks(500);
        assertTrue(rig.pulses.isEmpty());
        rig.in.valveDuty = 0.24;
        rig.ticks(10);
        assertEquals(1, rig.pulses.size());
    }

    @Test
    void aPulseThatNeverEndsFailsAfterFiveSeconds() {
        MachineRig rig = inService();
        rig.valveDead = true;
        rig.mailbox.post(Op.TESTSHOT, 10, 1);
        rig.until(() -> !rig.pulses.isEmpty(), 500, "pulsed");
        long asked = rig.in.now;
        Result[] r = new Result[1];
        rig.until(() -> (r[0] = rig.mailbox.poll()) != null, 6_000, "answered");
        assertEquals(Result.FAILED, r[0]);
        assertEquals(5_001 * MachineRig.MS, rig.in.now - asked);
        assertTrue(rig.out.valveShut);
    }

    @Test
    void aHoldStopsAJogAndParks() {
        MachineRig rig = inService();
        rig.mailbox.post(Op.JOG, 3.0, 0);
        rig.ticks(5);
        rig.mailbox.requestHold();
        rig.tick();
        assertEquals(Result.HELD, rig.mailbox.poll());
        assertEquals(rig.park, rig.axisTarget);
        assertEquals(Result.NOT_IDLE, rig.console(Op.JOG, 1.0, 0), "still moving back");
        rig.ticks(100);
        assertEquals(rig.park, rig.position());
        assertEquals(State.SERVICE, rig.state());
    }

    @Test
    void aHoldStopsAServiceHomingWhichMustThenBeRepeated() {
        MachineRig rig = inService();
        rig.mailbox.post(Op.HOME, 0, 0);
        rig.ticks(20);
        assertEquals(State.HOMING, rig.state());
        rig.mailbox.requestHold();
        rig.tick();
        assertEquals(Result.HELD, rig.mailbox.poll());
        assertEquals(State.SERVICE, rig.state());
        assertEquals(rig.park, rig.axisTarget, "the old zero is still trusted: back to park");
        rig.ticks(100);
        assertEquals(Result.OK, rig.console(Op.HOME));
    }

    @Test
    void aFaultDuringAServiceCommandFailsIt() {
        MachineRig rig = inService();
        rig.mailbox.post(Op.PRIME, 0, 3);
        rig.until(() -> rig.pulses.size() == 1, 500, "pulsing");
        rig.in.stop = true;
        rig.ticks(2);
        assertEquals(Result.FAILED, rig.mailbox.poll());
        assertEquals(State.FAULT, rig.state());
    }

    @Test
    void aResetLeavesServiceAndHomes() {
        MachineRig rig = inService();
        rig.console(Op.JOG, 1.0, 0);
        rig.mailbox.requestReset();
        rig.tick();
        assertEquals(rig.park, rig.axisTarget, "parking");
        rig.untilState(State.HOMING, 100);
        rig.untilState(State.IDLE, 10_000);
        rig.assertNoAlarm();
    }
}
