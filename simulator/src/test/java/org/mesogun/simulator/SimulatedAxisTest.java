package org.mesogun.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mesogun.hal.MotionProfile;

class SimulatedAxisTest {

    private static final double NOMINAL_STEPS_PER_MM = 400;

    /** Park as a calibrated controller would place it: 1 mm behind the true zero. */
    private static long park(SimRig rig) {
        SimSpec spec = rig.gun.spec();
        return Math.round((spec.trueZeroMm - 1.0) * spec.trueStepsPerMm);
    }

    @Test
    void homingFindsTheSwitchAndTheEncoderAgreesWithTheSteps() {
        SimRig rig = new SimRig();
        rig.home();
        assertTrue(rig.gun.homeSwitch().isActive());
        assertTrue(Math.abs(rig.gun.truth().carriageMm()) < 0.05, "carriage at the switch");
        long encoderAtHome = rig.gun.feedback().encoderSteps();
        rig.moveTo(4000, SimRig.NOMINAL);
        assertEquals(4000, rig.gun.axis().position());
        assertEquals(4000, rig.gun.feedback().encoderSteps() - encoderAtHome);
        assertEquals(0, rig.gun.truth().lostSteps());
    }

    @Test
    void trueStepsPerMmDiffersFromNominalSoCalibrationMatters() {
        SimRig rig = new SimRig();
        rig.home();
        rig.moveTo(4000, SimRig.NOMINAL);   // 10 mm at the nominal 400 steps/mm
        double trueMm = rig.gun.truth().carriageMm();
        assertEquals(4000 / rig.gun.spec().trueStepsPerMm, trueMm, 0.01);
        assertTrue(Math.abs(trueMm - 10.0) > 0.4, "10 mm commanded, " + trueMm + " mm true");
    }

    @Test
    void parkFlagReadsAtParkOnlyBehindItsEdge() {
        SimRig rig = new SimRig();
        rig.home();
        rig.moveTo(park(rig), SimRig.NOMINAL);
        assertTrue(rig.gun.feedback().parkFlag().isActive(), "at park");
        rig.moveTo(park(rig) + 600, SimRig.NOMINAL);
        assertFalse(rig.gun.feedback().parkFlag().isActive(), "1.5 mm in front of park");
    }

    @Test
    void overdrivenMoveLosesStepsAndTheParkFlagShowsIt() {
        SimRig rig = new SimRig();
        rig.home();
        long park = park(rig);
        rig.moveTo(park, SimRig.NOMINAL);
        rig.moveTo(park + 2000, SimRig.NOMINAL);
        assertEquals(0, rig.gun.truth().lostSteps());

        // 60,000 steps/s is beyond the motor's 48,000 pull-out rate: the retract slips.
        rig.moveTo(park, new MotionProfile(60_000, 2_000_000));
        assertTrue(rig.gun.truth().lostSteps() > 100, "lost " + rig.gun.truth().lostSteps());
        assertEquals(park, rig.gun.axis().position(), "the generator believes it is at park");
        assertFalse(rig.gun.feedback().parkFlag().isActive(), "but the flag says it is not");
    }

    @Test
    void accelerationBeyondTheMotorsTorqueLosesStepsAndTheEncoderShowsIt() {
        SimRig rig = new SimRig();
        rig.home();
        long encoderAtHome = rig.gun.feedback().encoderSteps();
        rig.moveTo(8000, new MotionProfile(40_000, 8_000_000));
        long lost = rig.gun.truth().lostSteps();
        assertTrue(lost > 0);
        long encoderTravel = rig.gun.feedback().encoderSteps() - encoderAtHome;
        assertEquals(8000 - lost, encoderTravel, "the encoder sees exactly what the motor did");
    }

    @Test
    void carriageCannotPassTheMechanicalStop() {
        SimRig rig = new SimRig();
        rig.home();
        rig.moveTo(Math.round(30 * NOMINAL_STEPS_PER_MM), SimRig.NOMINAL);
        assertTrue(rig.gun.truth().tipDepthMm() <= 4.5 + 1e-9, "tip " + rig.gun.truth().tipDepthMm());
        assertTrue(rig.gun.truth().lostSteps() > 0);
    }

    @Test
    void disabledAxisIgnoresMoves() {
        SimRig rig = new SimRig();
        double before = rig.gun.truth().carriageMm();
        rig.gun.axis().moveTo(1000, SimRig.NOMINAL);
        rig.runMs(100);
        assertEquals(before, rig.gun.truth().carriageMm());
        assertFalse(rig.gun.axis().isMoving());
    }

    @Test
    void closeIsSafeAndIdempotent() {
        SimRig rig = new SimRig();
        rig.gun.axis().enable(true);
        rig.gun.axis().moveTo(20_000, SimRig.NOMINAL);
        rig.runMs(5);
        rig.gun.close();
        rig.gun.close();
        assertFalse(rig.gun.axis().isEnabled());
        assertFalse(rig.gun.axis().isMoving());
        assertFalse(rig.gun.valve().isOpen());
    }
}
