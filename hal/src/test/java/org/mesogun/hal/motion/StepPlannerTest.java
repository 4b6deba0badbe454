package org.mesogun.hal.motion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.mesogun.hal.MotionProfile;

class StepPlannerTest {

    /** Runs a move to completion; returns the step intervals in ns, checking every step's direction. */
    private static long[] run(StepPlanner p, long target, MotionProfile profile) {
        p.moveTo(target, profile);
        long[] intervals = new long[(int) Math.abs(target - p.position()) + 1];
        int n = 0;
        int expectedDir = Long.signum(target - p.position());
        for (long iv = p.planNextStep(); iv >= 0; iv = p.planNextStep()) {
            assertEquals(expectedDir, p.stepDirection());
            intervals[n++] = iv;
            p.commitStep();
        }
        return java.util.Arrays.copyOf(intervals, n);
    }

    @Property(tries = 200)
    void movesExactlyToTargetWithinRateAndAcceleration(
            @ForAll @LongRange(min = -5000, max = 5000) long target,
            @ForAll @DoubleRange(min = 500, max = 50_000) double maxRate,
            @ForAll @DoubleRange(min = 10_000, max = 5_000_000) double accel) {
        StepPlanner p = new StepPlanner(0);
        MotionProfile profile = new MotionProfile(maxRate, accel);
        long[] iv = run(p, target, profile);
        assertEquals(Math.abs(target), iv.length, "one interval per step, no overshoot");
        assertEquals(target, p.position());
        for (int i = 0; i < iv.length; i++) {
            assertTrue(iv[i] >= 1e9 / maxRate, "interval " + iv[i] + " shorter than 1/max rate");
            if (i > 0) {
                double r0 = 1e9 / iv[i - 1];
                double r1 = 1e9 / iv[i];
                double dt = Math.min(iv[i - 1], iv[i]) / 1e9;
                // Intervals are whole nanoseconds: each rate carries up to r^2 * 1 ns of rounding.
                double rounding = (r0 * r0 + r1 * r1) * 1e-9;
                assertTrue(Math.abs(r1 - r0) / dt <= accel * 1.001 + rounding / dt,
                        "rate change " + (r1 - r0) / dt + " > " + accel + " at step " + i);
            }
        }
    }

    @Test
    void longMoveReachesCruiseRate() {
        StepPlanner p = new StepPlanner(0);
        long[] iv = run(p, 20_000, new MotionProfile(40_000, 2_000_000));
        long min = Long.MAX_VALUE;
        for (long v : iv) {
            min = Math.min(min, v);
        }
        assertEquals(25_000, min, 1, "cruises at 40,000 steps/s");
    }

    @Test
    void retargetBehindDeceleratesThenReverses() {
        StepPlanner p = new StepPlanner(0);
        MotionProfile profile = new MotionProfile(40_000, 2_000_000);
        p.moveTo(10_000, profile);
        for (int i = 0; i < 3000; i++) {
            p.planNextStep();
            p.commitStep();
        }
        p.moveTo(0, profile);
        long furthest = p.position();
        int reversals = 0;
        int lastDir = 1;
        for (long iv = p.planNextStep(); iv >= 0; iv = p.planNextStep()) {
            if (p.stepDirection() != lastDir) {
                reversals++;
                lastDir = p.stepDirection();
            }
            p.commitStep();
            furthest = Math.max(furthest, p.position());
        }
        assertEquals(0, p.position());
        assertEquals(1, reversals);
        assertTrue(furthest > 3000, "it decelerated before reversing");
    }

    @Test
    void haltStopsAtOnce() {
        StepPlanner p = new StepPlanner(0);
        p.moveTo(1000, new MotionProfile(40_000, 2_000_000));
        p.planNextStep();
        p.commitStep();
        p.halt();
        assertEquals(-1, p.planNextStep());
        assertEquals(1, p.position());
    }

    @Test
    void stopDeceleratesToARestAhead() {
        StepPlanner p = new StepPlanner(0);
        MotionProfile profile = new MotionProfile(40_000, 2_000_000);
        p.moveTo(100_000, profile);
        for (int i = 0; i < 5000; i++) {
            p.planNextStep();
            p.commitStep();
        }
        p.stop();
        while (p.planNextStep() >= 0) {
            p.commitStep();
        }
        // From 40,000 steps/s at 2e6 steps/s^2 the stopping distance is 400 steps.
        assertEquals(5400, p.position(), 3);
    }

    /**
     * A move reversed while it decelerates onto its target (a shot aborted at the end of its
     * insert) never passes that target: the target was checked against the depth limit (SR-1),
     * the stopping point of a re-planned deceleration was not.
     */
    @Property(tries = 300)
    void aReversedMoveNeverPassesTheTargetItWasHeadingFor(
            @ForAll @LongRange(min = 1, max = 400) long stepsBeforeTarget,
            @ForAll @DoubleRange(min = 2_000, max = 50_000) double maxRate,
            @ForAll @DoubleRange(min = 100_000, max = 5_000_000) double accel) {
        StepPlanner p = new StepPlanner(0);
        MotionProfile profile = new MotionProfile(maxRate, accel);
        long target = 2_000;
        p.moveTo(target, profile);
        while (p.position() < target - stepsBeforeTarget && p.planNextStep() >= 0) {
            p.commitStep();
        }
        p.moveTo(-500, new MotionProfile(4_000, accel));   // the safe retract, slower
        long deepest = p.position();
        for (long iv = p.planNextStep(); iv >= 0; iv = p.planNextStep()) {
            p.commitStep();
            deepest = Math.max(deepest, p.position());
        }
        assertTrue(deepest <= target, "reached " + deepest + ", past the target " + target);
        assertEquals(-500, p.position());
    }
}
