package org.mesogun.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;
import org.mesogun.config.SafetyLimits;

/**
 * SR-5: the plunger against the scale, one window at a time. Numbers: 1 µL/ms calibrated, no
 * offset unless said, 10 µm of plunger per µL, a 5 µm sensor (a window is judged from 349 µm).
 */
class FlowCrossCheckTest {

    private static final double UM = 10;

    private static FlowCrossCheck check(double offsetUl, double drop) {
        return new FlowCrossCheck(1.0, offsetUl, drop, 5);
    }

    /** Opens a window at 0, then {@code n} openings of 20 ms that moved the plunger {@code share} of 20 µL each. */
    private static FaultCode window(FlowCrossCheck c, int n, double share, double fill) {
        assertNull(c.settled(0, UM), "opens the window");
        for (int i = 0; i < n; i++) {
            c.opened(20_000, fill);
        }
        return c.settled(n * 20 * share * UM, UM);
    }

    @Test
    @Verifies("SR-5")
    void aWindowThatAgreesIsJudgedAndRemembered() {
        FlowCrossCheck c = check(0, 0);
        assertFalse(c.judged());
        assertNull(window(c, 2, 1.0, 1));
        assertEquals(1.0, c.lastRatio(), 1e-12);
        assertEquals(1.0, c.pooledRatio(), 1e-12);
        assertTrue(c.judged());
    }

    @Test
    @Verifies("SR-5")
    void eightPercentEitherWayAgreesAndBeyondIsAMismatch() {
        double tol = SafetyLimits.FLOW_CROSS_CHECK_TOLERANCE;
        assertNull(window(check(0, 0), 2, 1 + tol - 1e-9, 1));
        assertNull(window(check(0, 0), 2, 1 - tol + 1e-9, 1));
        FlowCrossCheck wide = check(0, 0);
        assertEquals(FaultCode.SYRINGE_MISMATCH, window(wide, 2, 1 - tol - 1e-6, 1));
        assertTrue(Double.isNaN(wide.pooledRatio()), "a mismatch is not an agreed ratio");
        assertEquals(FaultCode.SYRINGE_MISMATCH, window(check(0, 0), 2, 1 + tol + 1e-6, 1));
    }

    @Test
    @Verifies("SR-9")
    void underATenthOfWhatTheCalibrationSaysIsNothingDelivered() {
        assertEquals(FaultCode.DOSE_NOT_DELIVERED, window(check(0, 0), 8, 0.1 - 1e-6, 1));
        assertEquals(FaultCode.SYRINGE_MISMATCH, window(check(0, 0), 8, 0.1 + 1e-6, 1));
    }

    @Test
    @Verifies("SR-5")
    void aShortWindowWaitsForTravelOrForItsEighthOpening() {
        FlowCrossCheck c = check(0, 0);
        assertNull(c.settled(0, UM));
        c.opened(2_000, 1);   // 2 µL: 20 µm, far under the 349 µm a judgement needs
        assertNull(c.settled(20 * 0.5, UM), "half of it, but not judged yet");
        assertFalse(c.judged());
        for (int i = 1; i < SafetyLimits.FLOW_CROSS_CHECK_MAX_OPENINGS; i++) {
            c.opened(2_000, 1);
        }
        assertEquals(FaultCode.SYRINGE_MISMATCH, c.settled(8 * 20 * 0.5, UM), "judged at the eighth");
        assertEquals(0.5, c.lastRatio(), 1e-12);
    }

    @Test
    @Verifies("SR-5")
    void theOffsetCountsPerOpeningAndTheFlowFollowsTheFill() {
        // 2 µL offset per opening: 2 x (20 + 2) = 44 µL expected.
        FlowCrossCheck c = check(2, 0);
        assertNull(c.settled(0, UM));
        c.opened(20_000, 1);
        c.opened(20_000, 1);
        assertNull(c.settled(440, UM));
        assertEquals(1.0, c.lastRatio(), 1e-12);
        // Half full with a 25 % drop: the flow is 0.875 of a full syringe's.
        FlowCrossCheck d = check(0, 0.25);
        assertNull(d.settled(0, UM));
        d.opened(40_000, 0.5);
        assertNull(d.settled(350, UM));
        assertEquals(1.0, d.lastRatio(), 1e-12);
    }

    @Test
    @Verifies("SR-5")
    void openingsBeforeTheWindowOpensAndDiscardedWindowsAreNotWeighed() {
        FlowCrossCheck c = check(0, 0);
        c.opened(20_000, 1);   // no settled reading before it
        assertNull(c.settled(999, UM), "only opens the window");
        c.opened(20_000, 1);
        c.discard();   // a shot cut short
        assertNull(c.settled(5_000, UM));
        assertFalse(c.judged());
        c.opened(20_000, 1);
        c.opened(20_000, 1);
        assertNull(c.settled(5_400, UM));
        assertEquals(1.0, c.lastRatio(), 1e-12, "weighed from the window's own start");
    }

    @Test
    @Verifies("SR-5")
    void aNewSyringeForgetsWhatWasJudged() {
        FlowCrossCheck c = check(0, 0);
        assertNull(window(c, 2, 0.95, 1));
        assertTrue(c.judged());
        c.newSyringe();
        assertFalse(c.judged());
        assertTrue(Double.isNaN(c.lastRatio()));
        assertTrue(Double.isNaN(c.pooledRatio()));
    }

    /** Opens at 0, then {@code n} openings of 20 µL each that moved {@code share} of it, judged with no reading noise. */
    private static FaultCode exactWindow(FlowCrossCheck c, int n, double share) {
        assertNull(c.settled(0, UM, 0), "opens the window");
        for (int i = 0; i < n; i++) {
            c.opened(20_000, 1);
        }
        return c.settled(n * 20 * share * UM, UM, 0);
    }

    @Test
    @Verifies("SR-5")
    void agreeingWindowsArePooledByVolume() {
        FlowCrossCheck c = check(0, 0);
        assertTrue(Double.isNaN(c.pooledRatio()));
        assertTrue(Double.isNaN(c.lowerRatio()));
        assertNull(exactWindow(c, 4, 0.97));
        assertNull(exactWindow(c, 2, 1.0));
        assertEquals((0.97 * 80 + 40) / 120, c.pooledRatio(), 1e-12);
        assertEquals(1.0, c.lastRatio(), 1e-12, "the last window");
    }

    @Test
    @Verifies("SR-5")
    void theReservoirsRatioIsBelowByThreeSigmaAndTheScalesAccuracy() {
        FlowCrossCheck c = check(0, 0);
        double varianceUm2 = 30;
        assertNull(c.settled(0, UM, varianceUm2));
        for (int i = 0; i < 4; i++) {
            c.opened(20_000, 1);
        }
        assertNull(c.settled(800, UM, varianceUm2));
        double relVariance = 2 * varianceUm2 / (UM * UM) / (80.0 * 80) + 0.02 * 0.02 / 4;
        double expected = (1 - 3 * Math.sqrt(relVariance)) / (1 + SafetyLimits.FLOW_CALIBRATION_ACCURACY);
        assertEquals(expected, c.lowerRatio(), 1e-12);
        assertTrue(c.lowerRatio() < 0.95, "about 5 % under after priming: " + c.lowerRatio());
    }

    @Test
    @Verifies("SR-5")
    void fromThreeWindowsTheirScatterWidensTheBoundWhenItIsLarger() {
        FlowCrossCheck steady = check(0, 0);
        FlowCrossCheck scattered = check(0, 0);
        double[] shares = {0.96, 1.05, 1.02};
        for (double share : shares) {
            assertNull(exactWindow(steady, 8, 1.01));
            assertNull(exactWindow(scattered, 8, share));
        }
        assertEquals(1.01, scattered.pooledRatio(), 1e-12, "equal windows: the mean");
        double mean = 1.01;
        double sampleVariance = 0;
        for (double share : shares) {
            sampleVariance += (share - mean) * (share - mean) / 2;
        }
        double relVariance = Math.max(0.02 * 0.02 / 24, sampleVariance / 3 / (mean * mean));
        assertEquals(mean * (1 - 3 * Math.sqrt(relVariance)) / 1.02, scattered.lowerRatio(), 1e-12);
        assertEquals(mean * (1 - 3 * Math.sqrt(0.02 * 0.02 / 24)) / 1.02, steady.lowerRatio(), 1e-12,
                "no scatter: the model's shot noise");
    }

    @Test
    @Verifies({"SR-5", "SR-9"})
    void aPooledRatioSurelyBeyondFourPercentIsAMismatchThoughEachWindowAgrees() {
        // 5 % under in every window (inside the window's 8 %): with no reading noise the pooled 3σ is
        // the shot noise, 3 x 2 % / sqrt(openings); 0.95 x (1 + k) < 0.96 from the fifth window.
        FlowCrossCheck under = check(0, 0);
        for (int w = 1; w <= 4; w++) {
            assertNull(exactWindow(under, 8, 0.95), "window " + w);
        }
        assertEquals(FaultCode.SYRINGE_MISMATCH, exactWindow(under, 8, 0.95));
        FlowCrossCheck over = check(0, 0);
        for (int w = 1; w <= 4; w++) {
            assertNull(exactWindow(over, 8, 1.05), "window " + w);
        }
        assertEquals(FaultCode.SYRINGE_MISMATCH, exactWindow(over, 8, 1.05));
        FlowCrossCheck near = check(0, 0);
        for (int w = 1; w <= 20; w++) {
            assertNull(exactWindow(near, 8, 0.965), "3.5 % under is never sure beyond 4 %: window " + w);
        }
    }

    @Test
    @Verifies("SR-9")
    void withinTheScalesAccuracyThePlungerIsTrustedBeyondItTheDoseIsSteeredHalfway() {
        FlowCrossCheck c = check(0, 0);
        assertEquals(1.0, c.plungerCorrection(), "nothing pooled yet");
        assertNull(exactWindow(c, 8, 0.985));
        assertEquals(1.0, c.plungerCorrection(), "1.5 % is the scale's to explain");
        FlowCrossCheck wide = check(0, 0);
        assertNull(exactWindow(wide, 8, 0.945));
        double beyond = Math.log(1 / 0.945) - Math.log(1.02);
        assertEquals(Math.exp(beyond / 2), wide.plungerCorrection(), 1e-12, "plunger under-reads: volumes up");
        FlowCrossCheck narrow = check(0, 0);
        assertNull(exactWindow(narrow, 8, 1.055));
        assertEquals(Math.exp(-(Math.log(1.055) - Math.log(1.02)) / 2), narrow.plungerCorrection(), 1e-12);
        wide.newSyringe();
        assertEquals(1.0, wide.plungerCorrection(), "a new syringe starts from the plunger");
        assertTrue(Double.isNaN(wide.pooledRatio()));
    }
}
