package org.mesogun.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;

/** SR-10 at the monitor: missing or corrupt calibration or a failed self-test leaves the gun unarmed. */
class StartUpTest {

    private static MonitorRig uncalibrated() {
        TestSettings t = TestSettings.defaults();
        t.calibrationValid = false;
        t.calibrationProblem = "calibration.json missing: uncalibrated factory nominal";
        return new MonitorRig(t);
    }

    @Test
    @Verifies("SR-10")
    void missingCalibrationCannotBeAcknowledged() {
        MonitorRig rig = uncalibrated();
        rig.monitor.raise(FaultCode.CALIBRATION_INVALID, rig.in.now);
        assertFalse(rig.monitor.acknowledge(rig.in));
        assertEquals(FaultCode.CALIBRATION_INVALID, rig.monitor.latched());
        rig.next().moveTarget = rig.target;
        rig.out.valvePulseMicros = 20_000;
        assertFalse(rig.check(Activity.PRIME));
        rig.assertSafe(FaultCode.CALIBRATION_INVALID);
    }

    @Test
    @Verifies("SR-10")
    void anUncalibratedGunStaysUnarmedButItsOtherFaultsClear() {
        MonitorRig rig = uncalibrated();
        rig.monitor.raise(FaultCode.SELF_TEST_FAILED, rig.in.now);
        assertTrue(rig.monitor.acknowledge(rig.in), "only the calibration fault waits for a calibration");
        assertNull(rig.monitor.latched());
    }

    @Test
    @Verifies("SR-10")
    void aCalibrationFaultClearsOnceTheCalibrationIsValid() {
        MonitorRig rig = new MonitorRig();
        rig.monitor.raise(FaultCode.CALIBRATION_INVALID, rig.in.now);
        assertTrue(rig.monitor.acknowledge(rig.in));
        assertNull(rig.monitor.latched());
    }

    @Test
    @Verifies("SR-10")
    void aFailedSelfTestKeepsTheOutputsSafe() {
        MonitorRig rig = new MonitorRig().homedAtPark();
        rig.monitor.raise(FaultCode.SELF_TEST_FAILED, rig.in.now);
        rig.next().valvePulseMicros = 20_000;
        assertFalse(rig.check(Activity.PRIME));
        rig.assertSafe(FaultCode.SELF_TEST_FAILED);
    }

    /** SR-10 at the monitor, whatever the machine does: no session starts uncalibrated. */
    @Test
    @Verifies("SR-10")
    void anUncalibratedGunRefusesASessionAtTheMonitor() {
        MonitorRig rig = uncalibrated();
        String why = rig.monitor.beginSession(2.0, 20);
        assertTrue(why != null && why.contains("not calibrated"), String.valueOf(why));
        assertNull(new MonitorRig().monitor.beginSession(2.0, 20), "calibrated: the same session starts");
    }
}
