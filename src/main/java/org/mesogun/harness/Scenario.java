package org.mesogun.harness;

import java.util.List;
import org.mesogun.simulator.SimFault;

/**
 * A clinical session for the simulated clinician: which protocol, how many points, how the
 * clinician handles the gun, and which faults strike at which point. Loaded from YAML by
 * {@link ScenarioLoader}; {@link #defaults()} is the built-in one.
 *
 * @param protocol      protocol name from the device profile
 * @param depthMm       depth to set on the panel, or NaN for the protocol's
 * @param doseUl        dose to set on the panel, or NaN for the protocol's
 * @param points        points to deliver in all
 * @param needleLimit   puncture limit per needle, or 0 for the device profile's
 * @param seed          simulator seed
 * @param lot           product lot entered on the panel
 * @param pointsPerPass nappage: shots while the trigger is held, before the gun is lifted
 * @param gapMs         time between lifting the gun and the next point
 * @param faults        faults to inject, each at the start of a point
 * @param world         the true hardware and the saved calibration, where not the defaults
 */
public record Scenario(String protocol, double depthMm, double doseUl, int points, int needleLimit,
                       long seed, long lot, int pointsPerPass, long gapMs, List<FaultAt> faults, GunWorld world) {

    /**
     * A fault injected as the clinician starts point {@code point} (1-based); point 0 is a part
     * broken from power-up that nobody at the gun can mend (it stays for the whole run).
     */
    public record FaultAt(SimFault fault, int point) {
    }

    public Scenario {
        faults = List.copyOf(faults);
    }

    public static Scenario defaults() {
        return new Scenario("face-point", Double.NaN, Double.NaN, 300, 0, 1, 240117, 10, 150, List.of(),
                GunWorld.DEFAULT);
    }

    public Scenario withProtocol(String p) {
        return new Scenario(p, depthMm, doseUl, points, needleLimit, seed, lot, pointsPerPass, gapMs, faults, world);
    }

    public Scenario withDepth(double d) {
        return new Scenario(protocol, d, doseUl, points, needleLimit, seed, lot, pointsPerPass, gapMs, faults, world);
    }

    public Scenario withDose(double d) {
        return new Scenario(protocol, depthMm, d, points, needleLimit, seed, lot, pointsPerPass, gapMs, faults, world);
    }

    public Scenario withPoints(int n) {
        return new Scenario(protocol, depthMm, doseUl, n, needleLimit, seed, lot, pointsPerPass, gapMs, faults, world);
    }

    public Scenario withNeedleLimit(int n) {
        return new Scenario(protocol, depthMm, doseUl, points, n, seed, lot, pointsPerPass, gapMs, faults, world);
    }

    public Scenario withSeed(long s) {
        return new Scenario(protocol, depthMm, doseUl, points, needleLimit, s, lot, pointsPerPass, gapMs, faults, world);
    }

    public Scenario withGapMs(long g) {
        return new Scenario(protocol, depthMm, doseUl, points, needleLimit, seed, lot, pointsPerPass, g, faults, world);
    }

    public Scenario withWorld(GunWorld w) {
        return new Scenario(protocol, depthMm, doseUl, points, needleLimit, seed, lot, pointsPerPass, gapMs, faults, w);
    }

    public Scenario withFaults(List<FaultAt> f) {
        return new Scenario(protocol, depthMm, doseUl, points, needleLimit, seed, lot, pointsPerPass, gapMs, f, world);
    }
}
