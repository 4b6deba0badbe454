package org.mesogun.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;
import org.mesogun.controller.Inputs;

/** SR-5 and SR-9 from the plunger sensor: volumes, leaks, implausible readings. */
class PlungerWatchTest {

    /** 10 µm of plunger per µL keeps the arithmetic readable. */
    private static final double UM_PER_UL = 10;

    private final Inputs in = new Inputs();

    private FaultCode read(PlungerWatch w, double microns, boolean valve) {
        in.plungerMicrons = microns;
        return w.observe(in, valve);
    }

    private static PlungerWatch sensor(double resolution) {
        return new PlungerWatch(true, UM_PER_UL, resolution, 0);
    }

    /** Settle and take the baseline at {@code microns}, valve closed. */
    private void settle(PlungerWatch w, double microns) {
        for (int i = 0; i < 15; i++) {
            assertNull(read(w, microns, false));
        }
    }

    /** Moves the reading from {@code from} to {@code to} a few µm a tick, valve open. */
    private double flow(PlungerWatch w, double from, double to) {
        double r = from;
        while (r < to) {
            r = Math.min(to, r + 5);
            assertNull(read(w, r, true));
        }
        return r;
    }

    @Test
    @Verifies("SR-5")
    void closedLoopVolumesFollowThePlunger() {
        PlungerWatch w = sensor(5);
        assertTrue(w.present());
        assertEquals(UM_PER_UL, w.micronsPerUl());
        read(w, 500, false);
        w.syringeLoaded(1_000);
        read(w, 500, false);   // the new syringe's first reading is its base
        // 500 µm from the full mark: 50 µL had gone before it went in (SR-5: never assumed full).
        assertEquals(950, w.remainingUl(), 1e-9);
        assertEquals(950, w.atLoadUl(), 1e-9);
        flow(w, 500, 700);
        assertEquals(20, w.deliveredUl(), 1e-9);
        assertEquals(930, w.remainingUl(), 1e-9);
        assertEquals(700, w.lastMicrons());
        w.beginSession();
        assertEquals(0, w.sessionDeliveredUl(), 1e-9);
        flow(w, 700, 800);
        assertEquals(10, w.sessionDeliveredUl(), 1e-9);
        assertEquals(30, w.deliveredUl(), 1e-9);
        // The valve-time estimate is not used when the sensor is there.
        w.pulseStarted(100_000, 1.0, true);
        assertEquals(30, w.deliveredUl(), 1e-9);
        assertEquals(10, w.sessionDeliveredUl(), 1e-9);
    }

    @Test
    @Verifies("SR-5")
    void deliveredVolumeIsNeverNegative() {
        PlungerWatch w = sensor(5);
        read(w, 500, false);
        w.syringeLoaded(1_000);
        w.beginSession();
        read(w, 490, false);
        assertEquals(0, w.deliveredUl());
        assertEquals(0, w.sessionDeliveredUl());
        assertEquals(951, w.remainingUl(), 1e-9, "its first reading, 490 um from the full mark, says how full");
    }

    @Test
    @Verifies("SR-5")
    void openLoopVolumesFollowValveTimeAtTheCalibratedFlow() {
        PlungerWatch w = new PlungerWatch(false, UM_PER_UL, 0, 0);
        assertFalse(w.present());
        w.syringeLoaded(1_000);
        w.pulseStarted(20_000, 1.0, true);
        w.pulseStarted(10_000, 0.5, true);
        assertEquals(25, w.deliveredUl(), 1e-9);
        assertEquals(975, w.remainingUl(), 1e-9);
        assertEquals(25, w.sessionDeliveredUl(), 1e-9);
        w.beginSession();
        w.pulseStarted(5_000, 1.0, true);
        assertEquals(5, w.sessionDeliveredUl(), 1e-9);
        assertEquals(30, w.deliveredUl(), 1e-9);
        w.syringeLoaded(2_000);
        assertEquals(0, w.deliveredUl(), 1e-9);
        assertEquals(2_000, w.remainingUl(), 1e-9);
    }

    @Test
    @Verifies("SR-9")
    void withoutASensorNothingIsJudged() {
        PlungerWatch w = new PlungerWatch(false, UM_PER_UL, 0, 0);
        assertNull(read(w, 0, false));
        assertNull(read(w, 10_000, false));
        assertNull(read(w, -10_000, false));
    }

    @Test
    @Verifies("SR-5")
    void theReservoirCountSurvivesAFaultAcknowledgement() {
        PlungerWatch w = sensor(5);
        read(w, 500, false);
        w.syringeLoaded(1_000);
        read(w, 500, false);
        w.beginSession();
        flow(w, 500, 1_500);
        assertEquals(100, w.deliveredUl(), 1e-9);
        w.reset();   // what SafetyMonitor.acknowledge does
        read(w, 1_500, false);
        assertEquals(100, w.deliveredUl(), 1e-9, "the syringe did not refill itself");
        assertEquals(850, w.remainingUl(), 1e-9, "50 uL gone before it went in, 100 since");
        assertEquals(100, w.sessionDeliveredUl(), 1e-9);
    }

    @Test
    @Verifies("SR-9")
    void aLeakIsThreeReadingsAboveTheBaselineWithTheValveClosed() {
        PlungerWatch w = sensor(5);
        settle(w, 500);
        assertNull(read(w, 516, false));
        assertNull(read(w, 516, false));
        assertEquals(FaultCode.VALVE_LEAK, read(w, 516, false));
    }

    @Test
    @Verifies("SR-9")
    void aLeakMustPersistThreeReadingsInARow() {
        PlungerWatch w = sensor(5);
        settle(w, 500);
        for (int i = 0; i < 10; i++) {
            assertNull(read(w, 516, false));
            assertNull(read(w, 516, false));
            assertNull(read(w, 505, false));
        }
    }

    @Test
    @Verifies("SR-9")
    void theLeakThresholdGrowsWithACoarseSensor() {
        PlungerWatch w = sensor(10);   // 3 × 10 µm = 30 µm
        settle(w, 500);
        for (int i = 0; i < 5; i++) {
            assertNull(read(w, 530, false));
        }
        PlungerWatch v = sensor(10);
        settle(v, 500);
        assertNull(read(v, 531, false));
        assertNull(read(v, 531, false));
        assertEquals(FaultCode.VALVE_LEAK, read(v, 531, false));
    }

    @Test
    @Verifies("SR-9")
    void theBaselineIsTheMeanOfFiveReadingsAfterTheSettleTime() {
        PlungerWatch w = sensor(5);
        for (int i = 0; i < 10; i++) {
            assertNull(read(w, 500 + 3 * i, false));   // the close delay: product still moving
        }
        double[] baseline = {530, 532, 534, 536, 538};   // mean 534
        for (double b : baseline) {
            assertNull(read(w, b, false));
        }
        assertNull(read(w, 549, false));
        assertNull(read(w, 549, false));
        assertNull(read(w, 549, false), "15 µm over the mean is not a leak");
        assertNull(read(w, 550, false));
        assertNull(read(w, 550, false));
        assertEquals(FaultCode.VALVE_LEAK, read(w, 550, false));
    }

    @Test
    @Verifies("SR-9")
    void noLeakIsJudgedWhileTheValveIsOpenOrJustAfter() {
        PlungerWatch w = sensor(5);
        settle(w, 500);
        double r = flow(w, 500, 900);
        for (int i = 0; i < 10; i++) {
            r += 4;
            assertNull(read(w, r, false));
        }
        settle(w, r);
        assertNull(read(w, r + 10, false));
    }

    @Test
    @Verifies("SR-9")
    void aPulseStartedRestartsTheSettleTime() {
        PlungerWatch w = sensor(5);
        settle(w, 500);
        w.pulseStarted(1_000, 1.0, true);
        for (int i = 0; i < 10; i++) {
            assertNull(read(w, 530, false));
        }
    }

    @Test
    @Verifies("SR-9")
    void aReadingThatJumpsIsImplausibleEvenWithTheValveOpen() {
        PlungerWatch w = sensor(5);
        assertNull(read(w, 500, true));
        assertNull(read(w, 600, true));
        PlungerWatch v = sensor(5);
        assertNull(read(v, 500, true));
        assertEquals(FaultCode.SENSOR_IMPLAUSIBLE, read(v, 601, true));
    }

    @Test
    @Verifies("SR-9")
    void theJumpThresholdGrowsWithACoarseSensor() {
        PlungerWatch w = sensor(10);   // 20 × 10 µm = 200 µm
        assertNull(read(w, 500, true));
        assertNull(read(w, 700, true));
        for (int i = 0; i < 10; i++) {
            assertNull(read(w, 705, true));   // let the noise score decay
        }
        assertEquals(FaultCode.SENSOR_IMPLAUSIBLE, read(w, 906, true));
    }

    @Test
    @Verifies("SR-9")
    void aPlungerGoingBackwardsIsImplausible() {
        PlungerWatch w = sensor(5);
        settle(w, 500);
        assertNull(read(w, 484, false));
        assertEquals(FaultCode.SENSOR_IMPLAUSIBLE, read(w, 484, false));
    }

    @Test
    @Verifies("SR-9")
    void aPlungerWithinTheNoiseBehindTheBaselineIsFine() {
        PlungerWatch w = sensor(5);
        settle(w, 500);
        for (int i = 0; i < 10; i++) {
            assertNull(read(w, 485, false));
            assertNull(read(w, 484, false));
        }
    }

    @Test
    @Verifies("SR-9")
    void frequentLargeDifferencesAreASensorFault() {
        PlungerWatch w = sensor(5);
        assertNull(read(w, 500, true));
        assertNull(read(w, 541, true));
        assertEquals(FaultCode.SENSOR_IMPLAUSIBLE, read(w, 500, true));
    }

    @Test
    @Verifies("SR-9")
    void differencesAtTheNoiseThresholdAreNotCounted() {
        PlungerWatch w = sensor(5);
        double r = 500;
        assertNull(read(w, r, true));
        for (int i = 0; i < 20; i++) {
            r += (i % 2 == 0) ? 40 : -40;
            assertNull(read(w, r, true));
        }
    }

    @Test
    @Verifies("SR-9")
    void occasionalLargeDifferencesAreForgiven() {
        PlungerWatch w = sensor(5);
        double r = 500;
        assertNull(read(w, r, true));
        for (int i = 0; i < 10; i++) {
            r += 50;
            assertNull(read(w, r, true));
            for (int k = 0; k < 12; k++) {
                assertNull(read(w, r, true));
            }
        }
    }

    @Test
    @Verifies("SR-9")
    void theNoiseThresholdGrowsWithACoarseSensor() {
        PlungerWatch w = sensor(10);   // 8 × 10 µm = 80 µm
        double r = 500;
        assertNull(read(w, r, true));
        for (int i = 0; i < 10; i++) {
            r += (i % 2 == 0) ? 80 : -80;
            assertNull(read(w, r, true));
        }
    }

    @Test
    @Verifies("SR-9")
    void resetForgetsThePreviousReadingSoNoJumpIsSeenAcrossIt() {
        PlungerWatch w = sensor(5);
        settle(w, 500);
        w.reset();
        assertNull(read(w, 2_000, false));
        settle(w, 2_000);
        assertNull(read(w, 2_000, false));
    }

    @Test
    @Verifies("SR-5")
    void theFirstReadingIsTheZeroOfTheBooks() {
        PlungerWatch w = sensor(5);
        read(w, 500, false);
        assertEquals(0, w.deliveredUl(), 1e-9);
        assertEquals(0, w.sessionDeliveredUl(), 1e-9);
        read(w, 510, false);
        assertEquals(1, w.deliveredUl(), 1e-9);
        assertEquals(1, w.sessionDeliveredUl(), 1e-9);
    }

    @Test
    @Verifies("SR-5")
    void aPlungerThatReadsLessThanTheScaleScalesTheReservoirUp() {
        PlungerWatch w = sensor(5);
        w.syringeLoaded(1_000);
        read(w, 5_000, false);   // 500 uL gone before it went in
        assertEquals(500, w.remainingUl(), 1e-9);
        assertEquals(0.5, w.fill(), 1e-9);
        w.volumeScale(0.8);   // the plunger reads 0.8 of the scale: a wider bore, or a high calibration
        assertEquals(1_000 - 625, w.remainingUl(), 1e-9, "500 read, 625 on the safe side");
        w.beginSession();
        read(w, 5_080, false);
        assertEquals(10, w.deliveredUl(), 1e-9, "8 uL read, 10 counted");
        assertEquals(10, w.sessionDeliveredUl(), 1e-9);
        assertEquals(365, w.remainingUl(), 1e-9);
        w.volumeScale(1.25);   // reading more than the scale: nothing to scale
        assertEquals(492, w.remainingUl(), 1e-9);
        w.syringeLoaded(1_000);
        read(w, 0, false);
        assertEquals(1_000, w.remainingUl(), 1e-9, "a new syringe starts unscaled");
        assertEquals(1.0, w.fill(), 1e-9);
    }

    @Test
    @Verifies("SR-5")
    void withoutASensorTheFillIsWhatTheClinicianSaid() {
        PlungerWatch w = new PlungerWatch(false, UM_PER_UL, 0, 0);
        w.syringeLoaded(1_000);
        w.fillTold(400);
        assertEquals(400, w.remainingUl(), 1e-9);
        assertEquals(0.4, w.fill(), 1e-9);
        w.fillTold(2_000);
        assertEquals(1_000, w.remainingUl(), 1e-9, "never more than the syringe holds");
        w.fillTold(-5);
        assertEquals(0, w.remainingUl(), 1e-9);
        assertEquals(0, w.fill(), 1e-9);
        PlungerWatch s = sensor(5);
        s.syringeLoaded(1_000);
        read(s, 2_000, false);
        s.fillTold(100);
        assertEquals(800, s.remainingUl(), 1e-9, "with a sensor its position is what counts");
    }

    @Test
    @Verifies("SR-5")
    void theFillAtLoadIsClampedToTheSyringe() {
        PlungerWatch w = sensor(5);
        w.syringeLoaded(1_000);
        read(w, 20_000, false);   // past the empty mark
        assertEquals(0, w.atLoadUl(), 1e-9);
        PlungerWatch v = sensor(5);
        v.syringeLoaded(1_000);
        read(v, -50, false);   // a little before the full mark
        assertEquals(1_000, v.atLoadUl(), 1e-9);
    }

    @Test
    void aSettledReadingIsSaidOnTheTickItCompletes() {
        PlungerWatch w = sensor(5);
        w.syringeLoaded(1_000);
        int settledAt = -1;
        for (int i = 1; i <= 20; i++) {
            assertNull(read(w, 100, false));
            if (w.settledNow()) {
                assertEquals(-1, settledAt, "once");
                settledAt = i;
            }
        }
        assertEquals(15, settledAt, "ten quiet ticks, then five averaged");
        assertEquals(100, w.settledMicrons(), 1e-9);
        read(w, 100, true);
        assertFalse(w.settledNow());
    }

    @Test
    @Verifies("SR-5")
    void theReadingsVarianceIsTheStatedNoiseOrTheQuietReadingsScatterWhicheverIsLarger() {
        PlungerWatch w = sensor(5);
        settle(w, 1_000);
        double quantisation = 25.0 / 12;
        assertEquals(quantisation + 4, w.readingVariance(), 1e-12, "identical readings: the stated 2 um");
        // Another quiet stretch whose five baseline readings scatter: squares about their mean 1000
        // sum to 800 over 4 degrees of freedom, pooled with the first stretch's 0 over 4.
        assertNull(read(w, 1_000, true));
        for (int i = 0; i < 10; i++) {
            assertNull(read(w, 1_000, false));
        }
        for (double r : new double[] {1_000, 1_020, 980, 1_000, 1_000}) {
            read(w, r, false);
        }
        assertTrue(w.settledNow());
        assertEquals(quantisation + 800.0 / 8, w.readingVariance(), 1e-9);
        w.syringeLoaded(10_000, UM_PER_UL);
        assertEquals(quantisation + 4, w.readingVariance(), 1e-12, "a new syringe: its own scatter");
    }
}
