package org.mesogun.config;

/**
 * The hard limits of requirements §2–§4, in one place. Configuration can only tighten them: the loader
 * rejects any value outside them, and the safety monitor clamps to them again whatever it is
 * given, so neither a config file, a serial line nor a bug elsewhere can widen them.
 */
public final class SafetyLimits {

    /** SR-1: a depth outside [0.5, 4.0] mm is rejected. */
    public static final double MIN_DEPTH_MM = 0.5;
    public static final double MAX_DEPTH_MM = 4.0;

    /**
     * SR-1: the depth gauge a calibration is measured with reads to 0.01 mm with an error of at
     * most ±0.02 mm (the simulated gauge too); stated, because every depth margin rests on it.
     */
    public static final double GAUGE_ERROR_MM = 0.02;

    /**
     * SR-1: a calibration arms only after its depth values were checked with the gauge at a
     * shallow and a deep depth, each reading within ±0.02 mm of the command.
     */
    public static final double DEPTH_CHECK_TOLERANCE_MM = 0.02;

    /** SR-1: the shallow depth check is made at or above this depth... */
    public static final double SHALLOW_CHECK_MAX_MM = 1.0;

    /**
     * SR-1: ... and the deepest command stops this far short of the limit, so that the worst
     * calibration the checks accept (off by the check's tolerance, read with the gauge's error)
     * still keeps the true tip within it: 0.02 + 0.02 = 0.04 mm. A 4.0 mm protocol reaches 3.96
     * mm as commanded, 3.96–4.00 mm true (docs/requirements.md).
     */
    public static final double DEPTH_MARGIN_MM = GAUGE_ERROR_MM + DEPTH_CHECK_TOLERANCE_MM;

    /**
     * SR-1: the saved zero lies within this of the profile's nominal home-to-flush distance: the
     * assembly's tolerance, far less than the travel the bare range check allowed (any zero that
     * left room for 4 mm).
     */
    public static final double ZERO_GEOMETRY_TOLERANCE_MM = 1.0;

    /**
     * SR-1: before homing the axis moves toward the skin at most this far in all, per power-up
     * (off a home switch that reads closed), and not at all with skin contact closed.
     */
    public static final double UNHOMED_FORWARD_MM = 0.25;

    /** §2: the mechanical stop limits the needle to at most this far past zero. */
    public static final double MECHANICAL_STOP_MM = 4.5;

    /** SR-6: hard maximum 9 shots/s, i.e. at least 111 ms between shots. */
    public static final int MAX_SHOTS_PER_S = 9;
    public static final int MIN_SHOT_INTERVAL_MS = 111;

    /** SR-2: the valve is never open longer than this, in any mode. */
    public static final long MAX_VALVE_OPEN_MS = 100;

    /** §2: the hardware dead-man drops the valve within max_open_ms + this. */
    public static final int MAX_DEADMAN_MARGIN_MS = 5;

    /** SR-2: per-point dose, any mode. */
    public static final double MIN_DOSE_UL = 1.0;
    public static final double MAX_DOSE_UL = 200.0;

    /** SR-9: a measured dose more than this share off its target is a fault. */
    public static final double DOSE_TOLERANCE = 0.35;

    /** §2: the plunger sensor's stated noise, σ per reading. */
    public static final double PLUNGER_NOISE_UM = 2.0;

    /** §2: the flow's stated shot-to-shot noise, σ as a share of one shot (no controller removes it). */
    public static final double SHOT_NOISE_CV = 0.02;

    /**
     * SR-2, SR-9: a saved flow offset may be at most this share of the smallest dose a protocol
     * allows; a wrong offset of that size is then at most a quarter of any dose, which the
     * closed loop corrects and the SR-9 check sees (a −5 µL offset nearly doubled a 5 µL dose).
     */
    public static final double MAX_OFFSET_SHARE_OF_DOSE = 0.25;

    /**
     * SR-9: three σ of one shot's measured volume, in µL: the difference of two readings (before
     * and after, each averaged over at least two), each quantised to the sensor's resolution
     * (σ res/√12) and noisy ({@link #PLUNGER_NOISE_UM}). The dose tolerance is never tighter.
     */
    public static double shotThreeSigmaUl(double resolutionUm, double micronsPerUl) {
        double readingVariance = resolutionUm * resolutionUm / 12 + PLUNGER_NOISE_UM * PLUNGER_NOISE_UM / 2;
        return 3 * Math.sqrt(2 * readingVariance) / micronsPerUl;
    }

    /**
     * SR-9: the smallest dose whose ±{@link #DOSE_TOLERANCE} band the sensor resolves in one shot.
     * A profile whose protocols allow less is refused, and so is a session dose below it: a
     * shot the sensor cannot check is a shot whose occlusion nobody would see.
     */
    public static double smallestVerifiableDoseUl(double resolutionUm, double micronsPerUl) {
        return shotThreeSigmaUl(resolutionUm, micronsPerUl) / DOSE_TOLERANCE;
    }

    /**
     * SR-5: the plunger-measured volume over a window of session shots may differ from the
     * scale-calibrated flow (times the valve time, corrected for the syringe's fill) by this share
     * at most; beyond it the bore, the calibration or the product is not what the gun was told.
     * A bias of 10 % over ten points is what the evidence calls systematic: this is under it, and
     * over the window's own 3σ (the two readings' quantisation and noise, shot noise).
     */
    public static final double FLOW_CROSS_CHECK_TOLERANCE = 0.08;

    /**
     * SR-5, SR-9: the cross-check's ratio pooled over a syringe's windows may be at most this far
     * off once its 3σ confidence says so: a bore 5 % off in area leaves the closed loop's wander
     * (2–3 % over ten points on a noisy sensor) under the 10 % the evidence calls systematic, which
     * a bore 7 % off did not (world search seed 6029443269169048327). A technician's calibration
     * weighs to about 1 %, so a right syringe stays well inside.
     */
    public static final double FLOW_CROSS_CHECK_POOLED_TOLERANCE = 0.04;

    /**
     * SR-9: how well a technician's test shots on a scale give the flow (10 shots of two lengths,
     * 2 % shot noise: about 1 % at 1σ); a disagreement with the plunger within it is the scale's.
     */
    public static final double FLOW_CALIBRATION_ACCURACY = 0.02;

    /** SR-5: the cross-check judges after at most this many openings, well before ten points. */
    public static final int FLOW_CROSS_CHECK_MAX_OPENINGS = 8;

    /** SR-5: the cross-check judges sooner once the window's travel is read to 3σ within this share. */
    public static final double FLOW_CROSS_CHECK_PRECISION = 0.03;

    /**
     * SR-5: the plunger travel over which two settled readings (quantised to the sensor's
     * resolution, noisy) give the travel within {@link #FLOW_CROSS_CHECK_PRECISION} at 3σ.
     */
    public static double crossCheckTravelUm(double resolutionUm) {
        double readingVariance = resolutionUm * resolutionUm / 12 + PLUNGER_NOISE_UM * PLUNGER_NOISE_UM;
        return 3 * Math.sqrt(2 * readingVariance) / FLOW_CROSS_CHECK_PRECISION;
    }

    /** SR-7: the watchdog limit is configurable within 5–100 ms. */
    public static final int MIN_WATCHDOG_MS = 5;
    public static final int MAX_WATCHDOG_MS = 100;

    /** §2, SR-1: a calibration more than ±5 % from nominal steps/mm is rejected. */
    public static final double CALIBRATION_TOLERANCE = 0.05;

    /** §5: the loop period; faster starves the 2-core board, slower spoils the watchdog. */
    public static final int MIN_LOOP_PERIOD_US = 250;
    public static final int MAX_LOOP_PERIOD_US = 10_000;

    /** SR-8: feedback disagreeing with the command by more than 2 steps is a motion fault. */
    public static final int MAX_POSITION_TOLERANCE_STEPS = 2;

    /**
     * §2, SR-4: the hub must read "removed" at least 300 ms to count as a needle change; a
     * shorter setting would let a bouncing hub switch reset the puncture count.
     */
    public static final int MIN_HUB_REMOVED_MS = 300;

    /** SR-13: five wrong PINs lock the console out for five minutes of powered time. */
    public static final int MAX_WRONG_PINS = 5;
    public static final long PIN_LOCKOUT_MS = 5 * 60 * 1000L;

    /** SR-13: PINs are 4–8 digits, hashed slowly (PBKDF2, at least this many iterations). */
    public static final int MIN_PIN_DIGITS = 4;
    public static final int MAX_PIN_DIGITS = 8;
    public static final int MIN_PIN_HASH_ITERATIONS = 100_000;

    private SafetyLimits() {
    }
}
