package org.mesogun.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SelfTestTest {

    @Test
    void uncalibratedGunMissesDepthAndDoseByTheTrueHardwareError() {
        SimSpec spec = SimSpec.defaults(7);
        SimulatedGun gun = new SimulatedGun(spec, new VirtualClock(0));
        SelfTest.Result r = new SelfTest(gun).run(20.0, 400, 1.0, 2.0, 20, 1.0);

        assertTrue(r.homed());
        assertTrue(r.parkFlagAtPark());
        double commandedSteps = (20.0 + 2.0) * 400;
        double expectedTrueDepth = commandedSteps / spec.trueStepsPerMm - spec.trueZeroMm;
        assertEquals(expectedTrueDepth, r.trueDepthMm(), 1.5 / spec.trueStepsPerMm);
        // Flow 6 % low plus the valve's own delays: clearly below the request, far from zero.
        assertTrue(r.deliveredUl() < 20 * 0.97 && r.deliveredUl() > 20 * 0.75, "delivered " + r.deliveredUl());
    }

    @Test
    void calibratedFiguresReachTheTrueDepth() {
        SimSpec spec = SimSpec.defaults(7);
        SimulatedGun gun = new SimulatedGun(spec, new VirtualClock(0));
        SelfTest.Result r = new SelfTest(gun).run(spec.trueZeroMm, spec.trueStepsPerMm,
                spec.trueFlowUlPerMs, 1.5, 20, 1.0);

        assertEquals(1.5, r.trueDepthMm(), 1.5 / spec.trueStepsPerMm);
        assertEquals(0, r.lostSteps());
    }
}
