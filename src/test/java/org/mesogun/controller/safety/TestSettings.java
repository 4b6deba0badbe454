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
 * {@link #build()}.
 */
final class TestSettings {

    static final long MS = 1_000_000L;

    long periodNanos = 1 * MS;
    long watchdogNanos = 20 * MS;
    double stepsPerMm = 400;
    long zeroSteps = 8000;
    double parkClearanceMm = 1.0;
    double parkFlagMarginMm = 0.25;
    double maxDepthMm = 4.0;
    int positionToleranceSteps = 2;
    double travelMm = 30.0;
    long maxOpenMicros = 40_000;
    double maxDutyCycle = 0.5;
    double flowUlPerMs = 1.0;
    double flowOffsetUl = 0;
    /** 10 mL syringe, 14.5 mm bore: 165 µL per mm of plunger travel. */
    double micronsPerUl = 1000.0 / (Math.PI * 7.25 * 7.25);
    boolean closedLoop = true;
    double syringeUl = 10_000;
    double reserveUl = 100;
    double sessionMaxDoseUl = 20_000;
    long minShotIntervalNanos = 111 * MS;
    int punctureLimit = 120;
    long needleTimeLimitNanos = 30L * 60 * 1000 * MS;
    long hubRemovedNanos = 300 * MS;
    boolean calibrationValid = true;
    String calibrationProblem = "";

    static TestSettings defaults() {
        return new TestSettings();
    }

    ControllerSettings build() {
        Protocol point = new Protocol("face-point", "face", Mode.POINT, 1.0, 20, 0,
                new Range(0.5, 2.0), new Range(10, 25));
        return new ControllerSettings(periodNanos, watchdogNanos, stepsPerMm, zeroSteps, parkClearanceMm,
                parkFlagMarginMm, maxDepthMm, positionToleranceSteps, new MotionProfile(40_000, 2_000_000),
                new MotionProfile(4_000, 2_000_000), travelMm, maxOpenMicros, maxDutyCycle, flowUlPerMs,
                flowOffsetUl, micronsPerUl, closedLoop, syringeUl, reserveUl, sessionMaxDoseUl,
                minShotIntervalNanos, punctureLimit, needleTimeLimitNanos, hubRemovedNanos, calibrationValid,
                calibrationProblem, List.of(point));
    }
}
