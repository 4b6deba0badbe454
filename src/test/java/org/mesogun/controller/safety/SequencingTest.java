package org.mesogun.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;

/**
 * SR-3: in a session the valve opens only at target depth ± tolerance, still, in skin contact,
 * and it is closed before any move starts; off-depth only PRIME and SERVICE, parked, out of the
 * skin and outside a session.
 */
class SequencingTest {

    private final MonitorRig rig = new MonitorRig().homedAtPark();

    private void sessionAt(long position) {
        rig.startSession();
        rig.insert();
        rig.at(position);
    }

    @Test
    @Verifies("SR-3")
    void theValveNeverOpensOffDepthInASession() {
        sessionAt(rig.target + rig.s.positionToleranceSteps() + 1);
        assertFalse(rig.propose(20_000));
        rig.assertSafe(FaultCode.SEQUENCE);
    }

    @Test
    @Verifies("SR-3")
    void theValveNeverOpensShallowerThanTheTarget() {
        sessionAt(rig.target - rig.s.positionToleranceSteps() - 1);
        assertFalse(rig.propose(20_000));
        rig.assertSafe(FaultCode.SEQUENCE);
    }

    @Test
    @Verifies("SR-3")
    void theValveOpensWithinTheToleranceOfTheTarget() {
        sessionAt(rig.target + rig.s.positionToleranceSteps());
        rig.assertPassed(rig.propose(20_000));
        assertEquals(20_000, rig.out.valvePulseMicros);

        MonitorRig other = new MonitorRig().homedAtPark();
        other.startSession();
        other.insert();
        other.at(other.target - other.s.positionToleranceSteps());
        other.assertPassed(other.propose(20_000));
    }

    @Test
    @Verifies("SR-3")
    void theValveNeverOpensWithoutSkinContact() {
        sessionAt(rig.target);
        rig.in.skin = false;
        assertFalse(rig.propose(20_000));
        rig.assertSafe(FaultCode.SEQUENCE);
    }

    @Test
    @Verifies("SR-3")
    void theValveNeverOpensWhileTheAxisMoves() {
        sessionAt(rig.target);
        rig.in.axisMoving = true;
        assertFalse(rig.propose(20_000));
        rig.assertSafe(FaultCode.SEQUENCE);
    }

    @Test
    @Verifies("SR-3")
    void theValveNeverOpensOutsideASession() {
        rig.insert();
        assertFalse(rig.propose(20_000));
        rig.assertSafe(FaultCode.SEQUENCE);
    }

    @Test
    @Verifies("SR-3")
    void theValveNeverOpensAfterTheSessionEnded() {
        sessionAt(rig.target);
        rig.monitor.endSession();
        assertFalse(rig.propose(20_000));
        rig.assertSafe(FaultCode.SEQUENCE);
    }

    @Test
    @Verifies("SR-3")
    void theValveNeverOpensWithoutADeclaredActivity() {
        sessionAt(rig.target);
        rig.next().valvePulseMicros = 20_000;
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.SEQUENCE);
    }

    @Test
    @Verifies("SR-3")
    void aSecondPulseWhileOneIsInFlightIsRefused() {
        sessionAt(rig.target);
        rig.assertPassed(rig.propose(5_000));
        assertFalse(rig.propose(5_000));
        rig.assertSafe(FaultCode.SEQUENCE);
    }

    @Test
    @Verifies("SR-3")
    void aPulseWhileTheValveReportsOpenIsRefused() {
        sessionAt(rig.target);
        rig.in.valveOpen = true;
        assertFalse(rig.propose(5_000));
        rig.assertSafe(FaultCode.SEQUENCE);
    }

    @Test
    @Verifies("SR-3")
    void aMoveWhileThePulseIsInFlightIsVetoed() {
        sessionAt(rig.target);
        rig.assertPassed(rig.propose(20_000));
        rig.in.valveOpen = true;
        rig.next().moveTarget = rig.park;
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.SEQUENCE);
    }

    @Test
    @Verifies("SR-3")
    void aMoveWhileTheValveReportsOpenIsVetoed() {
        sessionAt(rig.target);
        rig.in.valveOpen = true;
        rig.next().moveTarget = rig.park;
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.SEQUENCE);
    }

    @Test
    @Verifies("SR-3")
    void aRetractThatShutsTheValveInTheSameTickPasses() {
        sessionAt(rig.target);
        rig.assertPassed(rig.propose(20_000));
        rig.in.valveOpen = true;
        rig.next().moveTarget = rig.park;
        rig.out.valveShut = true;
        rig.assertPassed(rig.check(Activity.NONE));
        assertEquals(rig.park, rig.out.moveTarget);
    }

    @Test
    @Verifies("SR-3")
    void primeOpensTheValveParkedOutOfTheSkin() {
        rig.next().valvePulseMicros = 20_000;
        rig.assertPassed(rig.check(Activity.PRIME));
        assertEquals(20_000, rig.out.valvePulseMicros);
    }

    @Test
    @Verifies("SR-3")
    void primeNeverOpensInSkinContact() {
        rig.in.skin = true;
        rig.next().valvePulseMicros = 20_000;
        assertFalse(rig.check(Activity.PRIME));
        rig.assertSafe(FaultCode.SEQUENCE);
    }

    @Test
    @Verifies("SR-3")
    void primeNeverOpensAwayFromPark() {
        rig.at(rig.park + rig.s.positionToleranceSteps() + 1);
        rig.next().valvePulseMicros = 20_000;
        assertFalse(rig.check(Activity.PRIME));
        rig.assertSafe(FaultCode.SEQUENCE);
    }

    @Test
    @Verifies("SR-3")
    void primeOpensWithinTheToleranceOfPark() {
        rig.at(rig.park - rig.s.positionToleranceSteps());
        rig.next().valvePulseMicros = 20_000;
        rig.assertPassed(rig.check(Activity.PRIME));
    }

    @Test
    @Verifies("SR-3")
    void primeNeverOpensWhileTheAxisMoves() {
        rig.in.axisMoving = true;
        rig.next().valvePulseMicros = 20_000;
        assertFalse(rig.check(Activity.PRIME));
        rig.assertSafe(FaultCode.SEQUENCE);
    }

    @Test
    @Verifies("SR-3")
    void primeNeverOpensDuringASession() {
        rig.startSession();
        rig.next().valvePulseMicros = 20_000;
        assertFalse(rig.check(Activity.PRIME));
        rig.assertSafe(FaultCode.SEQUENCE);
    }

    @Test
    @Verifies("SR-3")
    void primeNeverOpensBeforeHoming() {
        MonitorRig fresh = new MonitorRig();
        fresh.next().valvePulseMicros = 20_000;
        assertFalse(fresh.check(Activity.PRIME));
        fresh.assertSafe(FaultCode.SEQUENCE);
    }

    @Test
    @Verifies("SR-3")
    void aServiceTestShotFollowsTheSameRulesAsPrime() {
        rig.next().valvePulseMicros = 20_000;
        rig.assertPassed(rig.check(Activity.SERVICE));

        MonitorRig inSkin = new MonitorRig().homedAtPark();
        inSkin.in.skin = true;
        inSkin.next().valvePulseMicros = 20_000;
        assertFalse(inSkin.check(Activity.SERVICE));
        inSkin.assertSafe(FaultCode.SEQUENCE);
    }

    @Test
    @Verifies("SR-3")
    void aTriggerHeldForAMinuteIsStuckAndLatches() {
        rig.in.trigger = true;
        rig.idle();
        long pressed = rig.in.now;
        long minute = SafetyMonitor.TRIGGER_STUCK_NANOS;
        // Ticks 10 ms apart: under the watchdog limit, a minute in 6000 ticks.
        while (rig.in.now < pressed + minute - 10 * MonitorRig.MS) {
            rig.in.now += 9 * MonitorRig.MS;
            rig.idle();
        }
        rig.idleUntil(pressed + minute);
        assertEquals(pressed + minute, rig.in.now);
        assertNull(rig.monitor.latched(), "held exactly a minute: still a press");
        rig.next().valvePulseMicros = 20_000;
        assertFalse(rig.check(Activity.PRIME));
        rig.assertSafe(FaultCode.TRIGGER_STUCK);
    }

    @Test
    @Verifies("SR-3")
    void releasingTheTriggerRestartsTheStuckTimer() {
        rig.in.trigger = true;
        for (int i = 0; i < 3_100; i++) {
            rig.in.now += 9 * MonitorRig.MS;   // ~31 s
            rig.idle();
        }
        rig.in.trigger = false;
        rig.idle();
        rig.in.trigger = true;
        for (int i = 0; i < 3_100; i++) {
            rig.in.now += 9 * MonitorRig.MS;
            rig.idle();
        }
        assertNull(rig.monitor.latched());
    }
}
