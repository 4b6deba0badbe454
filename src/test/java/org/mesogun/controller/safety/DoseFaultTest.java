package org.mesogun.controller.safety;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;

/**
 * SR-9 at the monitor: a valve that leaks (stuck open), a plunger sensor that cannot be believed,
 * a coil past its duty limit, and the dose faults the machine finds (occlusion, under- and
 * over-delivery) all stop the gun.
 */
class DoseFaultTest {

    private final MonitorRig rig = new MonitorRig().homedAtPark();

    /** Quiet ticks with the valve closed: past the settle time and the baseline. */
    private void quiet() {
        rig.idle(20);
    }

    @Test
    @Verifies("SR-9")
    void thePlungerMovingWithTheValveClosedIsALeak() {
        quiet();
        rig.in.plungerMicrons += 16;   // over the 15 µm leak threshold, under any sensor noise
        rig.idle(2);
        rig.next();
        assertFalse(rig.check(Activity.NONE), "the third tick of product moving");
        rig.assertSafe(FaultCode.VALVE_LEAK);
    }

    @Test
    @Verifies("SR-9")
    void aPlungerWithinTheLeakThresholdIsNoLeak() {
        quiet();
        rig.in.plungerMicrons += 15;
        rig.idle(20);
        assertNull(rig.monitor.latched());
    }

    @Test
    @Verifies("SR-9")
    void productStillFlowingRightAfterAPulseIsNoLeak() {
        rig.next().valvePulseMicros = 10_000;
        rig.assertPassed(rig.check(Activity.PRIME));
        rig.runPulse(10_000);
        for (int i = 0; i < 10; i++) {   // the valve's close delay
            rig.in.plungerMicrons += 5;
            rig.idle();
        }
        rig.idle(30);
        assertNull(rig.monitor.latched());
    }

    @Test
    @Verifies("SR-9")
    void aPlungerReadingThatJumpsIsASensorFault() {
        quiet();
        rig.in.plungerMicrons += 101;
        rig.next().valvePulseMicros = 20_000;
        assertFalse(rig.check(Activity.PRIME));
        rig.assertSafe(FaultCode.SENSOR_IMPLAUSIBLE);
    }

    @Test
    @Verifies("SR-9")
    void aPlungerReadingGoingBackwardsIsASensorFault() {
        quiet();
        rig.in.plungerMicrons -= 16;
        rig.idle();
        rig.next();
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.SENSOR_IMPLAUSIBLE);
    }

    @Test
    @Verifies("SR-9")
    void aScatteringPlungerSensorIsASensorFault() {
        quiet();
        rig.in.plungerMicrons += 41;
        rig.idle();
        rig.in.plungerMicrons -= 41;
        rig.next();
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.SENSOR_IMPLAUSIBLE);
    }

    @Test
    @Verifies("SR-9")
    void aValveCoilPastItsDutyLimitIsNotPulsed() {
        rig.in.valveDuty = 0.51;
        rig.next().valvePulseMicros = 20_000;
        assertFalse(rig.check(Activity.PRIME));
        rig.assertSafe(FaultCode.VALVE_OVERHEAT);
    }

    @Test
    @Verifies("SR-9")
    void aValveCoilAtItsDutyLimitMayBePulsed() {
        rig.in.valveDuty = 0.5;
        rig.next().valvePulseMicros = 20_000;
        rig.assertPassed(rig.check(Activity.PRIME));
    }

    @Test
    @Verifies("SR-9")
    void anOcclusionFoundByTheMachineStopsTheGun() {
        rig.startSession();
        rig.insert();
        rig.monitor.raise(FaultCode.DOSE_NOT_DELIVERED, rig.in.now);
        assertFalse(rig.propose(20_000));
        rig.assertSafe(FaultCode.DOSE_NOT_DELIVERED);
    }

    @Test
    @Verifies("SR-9")
    void aDoseOutOfToleranceFoundByTheMachineStopsTheGun() {
        rig.monitor.raise(FaultCode.DOSE_OUT_OF_TOLERANCE, rig.in.now);
        rig.next();
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.DOSE_OUT_OF_TOLERANCE);
    }
}
