package org.mesogun.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;

/** The monitor's side of the technician's SERVICE mode (SR-10, SR-13). */
class ServiceModeMonitorTest {

    private final MonitorRig rig = new MonitorRig().homedAtPark();

    @Test
    @Verifies("SR-10")
    void serviceIsEnteredWithNoFault() {
        assertTrue(rig.monitor.enterService());
        assertNull(rig.monitor.latched());
        assertTrue(rig.monitor.homed(), "nothing to clear, nothing reset");
    }

    @Test
    @Verifies("SR-10")
    void aBadCalibrationIsClearedForServiceAndTheAxisMustHomeAgain() {
        rig.monitor.raise(FaultCode.CALIBRATION_INVALID, rig.in.now);
        assertTrue(rig.monitor.enterService());
        assertNull(rig.monitor.latched());
        assertFalse(rig.monitor.homed(), "positions are not trusted until the technician homes");
    }

    @Test
    @Verifies("SR-10")
    void anyOtherFaultKeepsServiceOut() {
        rig.monitor.raise(FaultCode.VALVE_LEAK, rig.in.now);
        assertFalse(rig.monitor.enterService());
        assertEquals(FaultCode.VALVE_LEAK, rig.monitor.latched());
        assertTrue(rig.monitor.homed());
    }

    @Test
    @Verifies("SR-10")
    void aPulseInFlightIsForgottenWhenServiceClearsTheCalibrationFault() {
        rig.monitor.syringeLoaded(10_000);
        rig.next().valvePulseMicros = 10_000;
        assertTrue(rig.check(Activity.PRIME), () -> "prime refused: " + rig.monitor.latched());
        rig.monitor.raise(FaultCode.CALIBRATION_INVALID, rig.in.now);
        assertTrue(rig.monitor.enterService());
        // The pulse that was in flight is no longer tracked: the valve reporting closed later is no fault.
        rig.in.valveOpen = false;
        rig.idle(60);
        assertNull(rig.monitor.latched());
    }

    @Test
    @Verifies("SR-8")
    void inServiceTheParkFlagIsNotJudgedButTheEncoderStillIs() {
        long out = rig.s.parkFlagClearSteps() + 50;
        rig.at(out);
        rig.in.parkFlag = true;   // where the flag sits before ZERO means nothing yet
        for (int i = 0; i < 6; i++) {
            rig.next();
            assertTrue(rig.check(Activity.SERVICE), () -> "vetoed in SERVICE: " + rig.monitor.latched());
        }
        rig.in.encoderSteps = out + 10;   // lost steps are still caught
        rig.next();
        assertFalse(rig.check(Activity.SERVICE));
        assertEquals(FaultCode.ENCODER_MISMATCH, rig.monitor.latched());
    }

    @Test
    @Verifies("SR-8")
    void outsideServiceTheSameFlagIsAFault() {
        long out = rig.s.parkFlagClearSteps() + 50;
        rig.at(out);
        rig.in.parkFlag = true;
        boolean vetoed = false;
        for (int i = 0; i < 6 && !vetoed; i++) {
            rig.next();
            vetoed = !rig.check(Activity.NONE);
        }
        assertTrue(vetoed);
        assertEquals(FaultCode.PARK_FLAG_STUCK, rig.monitor.latched());
    }
}
