package org.mesogun.simulator;

import java.io.PrintStream;
import java.util.Locale;
import org.mesogun.hal.MotionProfile;

/**
 * A bench check of the simulated gun on its own, before any controller: home the axis, move to a
 * depth on the nominal calibration, fire one test shot, retract to park, and print what the
 * hardware really did next to what was asked. It shows at a glance why calibration matters: the
 * true steps/mm and flow are off nominal, so the true depth and dose differ from the commanded.
 */
public final class SelfTest {

    private static final MotionProfile FAST = new MotionProfile(40_000, 2_000_000);
    private static final MotionProfile HOMING = new MotionProfile(4_000, 2_000_000);
    // The final approach is slow so that one 1 ms tick moves less than a step past the switch.
    private static final MotionProfile HOMING_FINE = new MotionProfile(200, 2_000_000);
    private static final long HOMING_BACK_OFF_STEPS = 400;
    private static final long TICK_NANOS = 1_000_000;

    /** What one self-test run measured; the true figures come from the simulator's own state. */
    public record Result(boolean homed, long homeSteps, double commandedDepthMm, double trueDepthMm,
                         double requestedUl, double deliveredUl, boolean parkFlagAtPark,
                         long lostSteps, long virtualMillis) {
    }

    private final SimulatedGun gun;
    private final VirtualClock clock;

    public SelfTest(SimulatedGun gun) {
        this.gun = gun;
        this.clock = gun.clock();
    }

    /**
     * Runs the check. Commands use the nominal (uncalibrated) figures: {@code zeroMm} from home,
     * {@code stepsPerMm} and {@code flowUlPerMs}.
     */
    public Result run(double zeroMm, double stepsPerMm, double flowUlPerMs, double depthMm,
                      double doseUl, double parkClearanceMm) {
        var axis = gun.axis();
        axis.enable(true);
        axis.moveTo(axis.position() - 1_000_000, HOMING);
        boolean homed = runUntil(() -> gun.homeSwitch().isActive(), 30_000);
        axis.halt();
        move(axis.position() + HOMING_BACK_OFF_STEPS);
        axis.moveTo(axis.position() - 2 * HOMING_BACK_OFF_STEPS, HOMING_FINE);
        homed &= runUntil(() -> gun.homeSwitch().isActive(), 30_000);
        long homeSteps = axis.position();
        axis.halt();
        axis.setPosition(0);

        long zero = Math.round(zeroMm * stepsPerMm);
        long park = zero - Math.round(parkClearanceMm * stepsPerMm);
        move(park);
        move(zero + Math.round(depthMm * stepsPerMm));
        gun.setSkinContact(true);
        double trueDepth = gun.truth().tipDepthMm();

        double before = gun.truth().deliveredUl();
        long micros = Math.round(doseUl / flowUlPerMs * 1000);
        gun.valve().armDeadman();
        gun.valve().pulse(micros);
        runUntil(() -> false, micros / 1000 + 10);
        double delivered = gun.truth().deliveredUl() - before;

        move(park);
        gun.setSkinContact(false);
        runUntil(() -> false, 5);
        boolean atPark = gun.feedback().parkFlag().isActive();
        axis.enable(false);
        return new Result(homed, homeSteps, depthMm, trueDepth, doseUl, delivered, atPark,
                gun.truth().lostSteps(), clock.nanoTime() / 1_000_000);
    }

    private void move(long target) {
        gun.axis().moveTo(target, FAST);
        runUntil(() -> !gun.axis().isMoving(), 10_000);
    }

    private boolean runUntil(java.util.function.BooleanSupplier done, long maxMs) {
        for (long i = 0; i < maxMs; i++) {
            if (done.getAsBoolean()) {
                return true;
            }
            clock.advance(TICK_NANOS);
            gun.advanceTo(clock.nanoTime());
        }
        return done.getAsBoolean();
    }

    /** Prints a result for a person at a terminal. */
    public static void print(Result r, SimSpec spec, PrintStream out) {
        out.printf(Locale.ROOT, "mesogun simulator self-test (seed %d)%n", spec.seed);
        out.printf(Locale.ROOT, "  true hardware: %.1f steps/mm (nominal %.1f, %+.1f %%), flow %+.1f %% off nominal%n",
                spec.trueStepsPerMm, spec.nominalStepsPerMm, spec.stepsPerMmErrorPct(), spec.flowErrorPct());
        out.printf(Locale.ROOT, "  homing:        %s (home switch found %d steps back)%n",
                r.homed() ? "ok" : "FAILED", -r.homeSteps());
        out.printf(Locale.ROOT, "  depth:         commanded %.2f mm, true tip depth %.3f mm%s%n",
                r.commandedDepthMm(), r.trueDepthMm(),
                r.trueDepthMm() < 0 ? " (short of the skin)" : "");
        out.printf(Locale.ROOT, "  test shot:     requested %.1f uL, delivered %.2f uL (%+.1f %%)%n",
                r.requestedUl(), r.deliveredUl(),
                100 * (r.deliveredUl() - r.requestedUl()) / r.requestedUl());
        out.printf(Locale.ROOT, "  retract:       park flag %s, lost steps %d%n",
                r.parkFlagAtPark() ? "at park" : "NOT at park", r.lostSteps());
        out.printf(Locale.ROOT, "  virtual time:  %d ms%n", r.virtualMillis());
        out.println("  (uncalibrated: the controller calibrates depth and dose before a session)");
    }
}
