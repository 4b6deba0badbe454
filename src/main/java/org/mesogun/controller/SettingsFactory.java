package org.mesogun.controller;

import org.mesogun.config.Calibration;
import org.mesogun.config.DeviceConfig;
import org.mesogun.hal.MotionProfile;

/** Resolves the controller's numbers once, from the device profile and the calibration. */
public final class SettingsFactory {

    private SettingsFactory() {
    }

    /**
     * @param calibrationValid false when the calibration is missing or corrupt: the gun then homes
     *                         and serves, but never arms (SR-10)
     */
    /**
     * The settings on a saved calibration, armable only when {@link
     * org.mesogun.config.CalibrationCheck#armingProblems} finds nothing (its depth checked, SR-1):
     * what a successor controller runs on after SAVE.
     */
    public static ControllerSettings fromSaved(DeviceConfig cfg, Calibration cal) {
        java.util.List<String> why = org.mesogun.config.CalibrationCheck.armingProblems(cal, cfg);
        return from(cfg, cal, why.isEmpty(), why.isEmpty() ? null : String.join("; ", why));
    }

    public static ControllerSettings from(DeviceConfig cfg, Calibration cal, boolean calibrationValid,
            String calibrationProblem) {
        var m = cfg.mechanics();
        var v = cfg.valve();
        return new ControllerSettings(
                cfg.loop().periodNanos(),
                cfg.loop().watchdogMs() * 1_000_000L,
                cal.stepsPerMm(),
                cal.zeroStepsFromHome(),
                m.parkClearanceMm(),
                m.parkFlagMarginMm(),
                cfg.needle().maxDepthMm(),
                m.positionToleranceSteps(),
                new MotionProfile(m.maxRateStepsS(), m.accelStepsS2()),
                new MotionProfile(m.homingRateStepsS(), m.accelStepsS2()),
                m.travelMm(),
                v.maxOpenMs() * 1000L,
                v.maxDutyCycle(),
                cal.flowUlPerMs(),
                cal.flowOffsetUl(),
                cfg.syringe(),
                cfg.plunger().present(),
                cfg.syringe().reserveUl(),
                cfg.session().maxDoseUl(),
                cfg.session().minShotIntervalMs() * 1_000_000L,
                cfg.needle().punctureLimit(),
                cfg.needle().timeLimitNanos(),
                cfg.needle().hubRemovedMs() * 1_000_000L,
                calibrationValid,
                calibrationProblem,
                cfg.protocols(),
                new ControllerSettings.Nominal(m.nominalStepsPerMm(), v.nominalFlowUlPerMs()));
    }
}
