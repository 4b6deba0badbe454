package org.mesogun.controller.safety;

import java.util.List;
import org.mesogun.config.Mode;
import org.mesogun.config.Protocol;
import org.mesogun.config.Range;
import org.mesogun.controller.ControllerSettings;
import org.mesogun.hal.MotionProfile;

/**
 * The default profile's numbers (config/mesogun.yaml with a nominal calibration), written out by
 * hand so the safety tests depend on nothing but the monitor: 1 ms period, 20 ms watchdog,
 * 400 steps/mm, zero at 8000 steps (so park 7600, depth limit 9600), tolerance 2 steps,
 * max_open 40 ms, flow 1 µL/ms, one point protocol. Each field may be changed before
 * {@link #build()}. Public for the state machine's tests (org.mesogun.controller.machine), which
 * run the machine against the same numbers.
 */
public final class TestSettings {

    public static final long MS = 1_000_000L;

    /** face-point: 1.0 mm, 20 µL, soft 0.5–2.0 mm and 10–25 µL. */
    public static final Protocol POINT = new Protocol("face-point", "face", Mode.POINT, 1.0, 20, 0,
            new Range(0.5, 2.0), new Range(10, 25));

    public long periodNanos = 1 * MS;
    public long watchdogNanos = 20 * MS;
    public double stepsPerMm = 400;
    public long zeroSteps = 8000;
    public double parkClearanceMm = 1.0;
    public double parkFlagMarginMm = 0.25;
    public double maxDepthMm = 4.0;
    public int positionToleranceSteps = 2;
    public double travelMm = 30.0;
    public long maxOpenMicros = 40_000;
    public double maxDutyCycle = 0.5;
    public double flowUlPerMs = 1.0;
    public double flowOffsetUl = 0;
    /** 10 mL syringe, 14.5 mm bore: 165 µL per mm of plunger travel. */
    public double micronsPerUl = 1000.0 / (Math.PI * 7.25 * 7.25);
    public boolean closedLoop = true;
    public double syringeUl = 10_000;
    public double reserveUl = 100;
    public double sessionMaxDoseUl = 20_000;
    public long minShotIntervalNanos = 111 * MS;
    public int punctureLimit = 120;
    public long needleTimeLimitNanos = 30L * 60 * 1000 * MS;
    public long hubRemovedNanos = 300 * MS;
    public boolean calibrationValid = true;
    public String calibrationProblem = "";
    public List<Protocol> protocols = List.of(POINT);
    public double nominalStepsPerMm = 400;
    public double nominalFlowUlPerMs = 1.0;
    /** The rigs move the plunger at the calibrated flow whatever the fill: no drain. */
    public double flowDropEmpty = 0;

    public static TestSettings defaults() {
        return new TestSettings();
    }

    /** One syringe type of {@link #syringeUl} whose bore gives {@link #micronsPerUl}. */
    public org.mesogun.config.SyringeConfig syringes() {
        double bore = 2 * Math.sqrt(1000.0 / micronsPerUl / Math.PI);
        return new org.mesogun.config.SyringeConfig(List.of(new org.mesogun.config.SyringeType("test", syringeUl, bore,
                micronsPerUl)),
                reserveUl, flowDropEmpty);
    }

    public ControllerSettings build() {
        return new ControllerSettings(periodNanos, watchdogNanos, stepsPerMm, zeroSteps, parkClearanceMm,
                parkFlagMarginMm, maxDepthMm, positionToleranceSteps, new MotionProfile(40_000, 2_000_000),
                new MotionProfile(4_000, 2_000_000), travelMm, maxOpenMicros, maxDutyCycle, flowUlPerMs,
                flowOffsetUl, syringes(), closedLoop, reserveUl, sessionMaxDoseUl,
                minShotIntervalNanos, punctureLimit, needleTimeLimitNanos, hubRemovedNanos, calibrationValid,
                calibrationProblem, protocols, new ControllerSettings.Nominal(nominalStepsPerMm, nominalFlowUlPerMs));
    }
}
