package org.mesogun.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mesogun.simulator.SimFault;

/**
 * Every simulator fault in every mode, struck at the fifth point of a short session with a needle
 * change every six punctures (so homing, and a broken home switch, come into play): the gun ends
 * in a safe state with an alarm, the simulator sees no violation, and what a stuck valve or a
 * power cut delivers stays within the dead-man's bound.
 */
class FaultRunsTest {

    static Stream<Arguments> faultsByMode() {
        return Stream.of("face-point", "face-nappage", "body-perfusion")
                .flatMap(p -> Stream.of(SimFault.values()).map(f -> Arguments.of(p, f)));
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("faultsByMode")
    void everyFaultEndsSafeWithAnAlarmAndNoViolation(String protocol, SimFault fault) {
        Scenario sc = Scenario.defaults().withProtocol(protocol).withPoints(14).withNeedleLimit(6)
                .withFaults(List.of(new Scenario.FaultAt(fault, 5)));
        RunResult r = Runs.run(sc);

        assertEquals(List.of(), r.violations(), "violations");
        double bound = r.spec().trueFlowUlPerMs * r.spec().deadmanPeriodMicros / 1000.0;
        assertTrue(r.judge().excessUl() <= bound, "harm " + r.judge().excessUl() + " uL above the bound " + bound);
        if (fault == SimFault.POWER_LOSS) {
            return;   // the controller dies with the power; the valve is normally closed
        }
        assertFalse(r.recorder().alarms.isEmpty(), "no alarm; notes: " + r.notes());
        assertEquals(1, r.faults().size());
        SimulationRun.FaultTiming t = r.faults().get(0);
        assertTrue(t.ticksToDetect() >= 0, "not detected: " + t);
        assertTrue(t.ticksToSafe() >= 0 && t.ticksToSafe() <= 2, "not safe within 2 ticks: " + t);
    }

    /**
     * A home switch stuck closed from power-up, in every mode, with the tip inside the nose: the
     * gun never arms (homing fails with its alarm, acknowledged again and again), the axis goes
     * at most 0.25 mm toward the skin in all, and the judge sees no violation.
     */
    @ParameterizedTest(name = "home-switch-stuck-closed from power-up in {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"face-point", "face-nappage", "body-perfusion"})
    @org.mesogun.Verifies({"SR-1", "SR-8"})
    void aHomeSwitchStuckClosedFromPowerUpNeverArmsInAnyMode(String protocol) {
        Scenario sc = Scenario.defaults().withProtocol(protocol).withPoints(5)
                .withFaults(List.of(new Scenario.FaultAt(SimFault.HOME_SWITCH_STUCK_CLOSED, 0)))
                .withWorld(GunWorld.parse("initial_depth_mm=-0.5"));
        RunResult r = Runs.run(sc);

        assertEquals(List.of(), r.violations(), "violations");
        assertEquals(0, r.delivered());
        assertFalse(r.recorder().alarms.isEmpty(), "no alarm; notes: " + r.notes());
        assertTrue(r.maxTrueDepthMm() <= -0.5 + org.mesogun.config.SafetyLimits.UNHOMED_FORWARD_MM + 0.005,
                "the tip reached " + r.maxTrueDepthMm() + " mm");
    }
}
