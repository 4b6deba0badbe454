package org.mesogun.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;
import org.mesogun.controller.Outputs;

/** SR-1: the tip never passes zero + min(max_depth, 4.0 mm), by command or by feedback. */
class DepthLimitTest {

    private final MonitorRig rig = new MonitorRig().homedAtPark();

    @Test
    @Verifies("SR-1")
    void aMoveBeyondTheDepthLimitIsVetoedAndLatched() {
        rig.next().moveTarget = rig.limit + 1;
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.DEPTH_LIMIT);
        // At park the needle is out of the skin already: the deep move is vetoed and the axis stops.
        assertEquals(Outputs.NO_MOVE, rig.out.moveTarget, "the deep move vetoed");
    }

    @Test
    @Verifies("SR-1")
    void aMoveToExactlyTheDepthLimitPasses() {
        assertEquals(9584, rig.limit, "3.96 mm past zero at 400 steps/mm: 4.0 less the 0.04 mm margin");
        assertEquals(rig.limit, rig.monitor.depthLimitSteps());
        rig.next().moveTarget = rig.limit;
        rig.assertPassed(rig.check(Activity.NONE));
        assertEquals(rig.limit, rig.out.moveTarget);
    }

    @Test
    @Verifies("SR-1")
    void aPositionBeyondTheLimitLatchesEvenWithoutACommand() {
        rig.at(rig.limit + 1);
        rig.next();
        assertFalse(rig.check(Activity.NONE));
        rig.assertSafe(FaultCode.DEPTH_LIMIT);
    }

    @Test
    @Verifies("SR-1")
    void aPositionAtTheLimitIsNoFault() {
        rig.at(rig.limit);
        rig.in.encoderSteps = rig.limit + rig.s.positionToleranceSteps();   // within the tolerance
        rig.idle();
        assertNull(rig.monitor.latched());
    }

    @Test
    @Verifies("SR-1")
    void theFeedbackBeyondTheLimitLatchesWhateverTheStepCountSays() {
        rig.at(rig.limit);
        rig.in.encoderSteps = rig.limit + rig.s.positionToleranceSteps() + 1;
        rig.next();
        assertFalse(rig.check(Activity.NONE));
        // The encoder check sees it first (the disagreement is over 2 steps); either way it is safe.
        rig.assertSafe(FaultCode.ENCODER_MISMATCH);
    }

    @Test
    @Verifies("SR-1")
    void aConfiguredDepthShallowerThanTheHardLimitIsTheLimit() {
        TestSettings t = TestSettings.defaults();
        t.maxDepthMm = 2.0;
        MonitorRig shallow = new MonitorRig(t).homedAtPark();
        assertEquals(8784, shallow.monitor.depthLimitSteps(), "2.0 mm less the margin");
        shallow.next().moveTarget = 8785;
        assertFalse(shallow.check(Activity.NONE));
        shallow.assertSafe(FaultCode.DEPTH_LIMIT);
    }

    @Test
    @Verifies("SR-1")
    void aConfiguredDepthAboveFourMillimetresIsClampedToFour() {
        TestSettings t = TestSettings.defaults();
        t.maxDepthMm = 5.0;   // the loader rejects this; the monitor must not rely on it
        MonitorRig deep = new MonitorRig(t).homedAtPark();
        assertEquals(9584, deep.monitor.depthLimitSteps(), "4.0 mm less the margin");
        deep.next().moveTarget = 9585;
        assertFalse(deep.check(Activity.NONE));
        deep.assertSafe(FaultCode.DEPTH_LIMIT);
    }

    @Test
    @Verifies("SR-1")
    void aSessionDepthOutsideHalfToFourMillimetresIsRefusedWithAClearError() {
        rig.monitor.syringeLoaded(10_000);
        String tooDeep = rig.monitor.beginSession(4.01, 20);
        assertNotNull(tooDeep);
        assertTrue(tooDeep.contains("depth 4.01 mm is outside [0.5, 4.0] mm"), tooDeep);
        assertNotNull(rig.monitor.beginSession(0.49, 20));
        assertNotNull(rig.monitor.beginSession(Double.NaN, 20));
        assertNull(rig.monitor.beginSession(4.0, 20));
        assertNull(rig.monitor.beginSession(0.5, 20));
    }

    @Test
    @Verifies("SR-1")
    void aSessionDeeperThanTheConfiguredMaximumIsRefused() {
        TestSettings t = TestSettings.defaults();
        t.maxDepthMm = 2.0;
        MonitorRig shallow = new MonitorRig(t).homedAtPark();
        String why = shallow.monitor.beginSession(2.5, 20);
        assertNotNull(why);
        assertTrue(why.contains("above the configured maximum 2.0 mm"), why);
        assertNull(shallow.monitor.beginSession(2.0, 20));
    }

    @Test
    @Verifies({"SR-1", "SR-8"})
    void beforeHomingOnlyTheSlowHomingMovesAreAllowed() {
        MonitorRig fresh = new MonitorRig();
        fresh.next().moveTarget = -40_000;
        fresh.out.homingProfile = true;
        fresh.assertPassed(fresh.check(Activity.NONE));

        fresh.next().moveTarget = 100;
        assertFalse(fresh.check(Activity.NONE));
        fresh.assertSafe(FaultCode.SEQUENCE);
        assertEquals(Outputs.NO_MOVE, fresh.out.moveTarget, "unhomed: halt, no retract");
        assertTrue(fresh.out.haltAxis);
        assertFalse(fresh.out.axisEnable);
    }

    @Test
    @Verifies({"SR-1", "SR-8"})
    void beforeHomingTheEncodersCountMeansNothing() {
        MonitorRig fresh = new MonitorRig();
        fresh.in.encoderSteps = 50_000;   // wherever it counted from at power-up
        fresh.idle(3);
        assertNull(fresh.monitor.latched());
    }
}
