package org.mesogun.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;
import org.mesogun.hal.MotionProfile;
import org.mesogun.simulator.SimSpec;
import org.mesogun.simulator.SimulatedGun;
import org.mesogun.simulator.VirtualClock;

/**
 * The judge can fail (requirements §4, §9, §12): a deliberately unsafe driver, with no controller, drives
 * the simulated gun's HAL straight into each breach of SR-1 … SR-6, and the judge records exactly
 * that requirement; a careful driver making the same moves within the limits records nothing.
 * The driver knows the simulator's true geometry, so each breach is exact, not a guess.
 */
class SafetyJudgeTest {

    private static final double TARGET_MM = 1.0;
    private static final double PARK_MM = -1.0;
    /** About 20 uL at the simulator's true flow (0.94 uL/ms, 1.5 ms to open, 0.8 ms to close). */
    private static final long DOSE_US = 22_000;
    private static final long MIN_INTERVAL_MS = 111;

    /** The session the judge holds the run to: 1.0 mm, 20 uL (≤ 30 uL a point), 3 punctures a needle. */
    private static SafetyJudge.Limits limits(int punctureLimit, double sessionCapUl, double reserveUl) {
        double step = 1 / SimSpec.defaults(1).trueStepsPerMm;
        return new SafetyJudge.Limits(4.0 + step, TARGET_MM, 3 * step, 30, punctureLimit, sessionCapUl,
                reserveUl, MIN_INTERVAL_MS * 1_000_000L);
    }

    private static SafetyJudge.Limits defaultLimits() {
        return limits(3, 100, 100);
    }

    @Test
    @Verifies("SR-1")
    void aNeedleDrivenPastTheDepthLimitIsSR1() {
        Rig rig = new Rig(SimSpec.defaults(11), defaultLimits());
        rig.moveTo(4.3);   // past 4.0 mm, short of the 4.5 mm mechanical stop; never fires
        rig.moveTo(PARK_MM);
        assertEquals(Set.of("SR-1"), rig.finish());
    }

    @Test
    @Verifies("SR-1")
    void productDeliveredPastTheDepthLimitIsSR1() {
        Rig rig = new Rig(SimSpec.defaults(12), limits(3, 100, 100));
        rig.skin(true);
        rig.moveTo(4.2);
        rig.pulse(DOSE_US);
        rig.moveTo(PARK_MM);
        // It is also off the session's target depth (SR-3): both are what happened.
        assertEquals(Set.of("SR-1", "SR-3"), rig.finish());
    }

    @Test
    @Verifies("SR-2")
    void aPointFarAboveItsDoseIsSR2() {
        Rig rig = new Rig(SimSpec.defaults(13), defaultLimits());
        rig.skin(true);
        rig.moveTo(TARGET_MM);
        rig.pulse(44_000);   // ~42 uL where 20 were asked; the dead-man (45 ms) does not cut it
        rig.moveTo(PARK_MM);
        assertEquals(Set.of("SR-2"), rig.finish());
    }

    @Test
    @Verifies("SR-2")
    void aTrainOfPulsesInOnePunctureCountsAsOnePoint() {
        Rig rig = new Rig(SimSpec.defaults(14), defaultLimits());
        rig.skin(true);
        rig.moveTo(TARGET_MM);
        rig.pulse(DOSE_US);
        rig.pulse(DOSE_US);   // two ~20 uL pulses without leaving the skin: one 40 uL point
        rig.moveTo(PARK_MM);
        assertEquals(Set.of("SR-2"), rig.finish());
    }

    @Test
    @Verifies("SR-3")
    void theValveOpenedOffDepthIsSR3() {
        Rig rig = new Rig(SimSpec.defaults(15), defaultLimits());
        rig.skin(true);
        rig.moveTo(TARGET_MM + 0.5);
        rig.pulse(DOSE_US);
        rig.moveTo(PARK_MM);
        assertEquals(Set.of("SR-3"), rig.finish());
    }

    @Test
    @Verifies("SR-3")
    void theValveOpenWhileTheNeedleMovesIsSR3() {
        Rig rig = new Rig(SimSpec.defaults(16), defaultLimits());
        rig.skin(true);
        rig.moveTo(TARGET_MM - 0.4);
        rig.gun.valve().armDeadman();
        rig.gun.valve().pulse(DOSE_US);
        rig.moveTo(TARGET_MM + 0.4);   // product flows all the way from 0.6 to 1.4 mm
        rig.run(10);
        rig.moveTo(PARK_MM);
        assertEquals(Set.of("SR-3"), rig.finish());
    }

    @Test
    @Verifies("SR-3")
    void productFlowingAfterTheGunLeftTheSkinIsSR3() {
        Rig rig = new Rig(SimSpec.defaults(17), defaultLimits());
        rig.skin(true);
        rig.moveTo(TARGET_MM);
        rig.gun.valve().armDeadman();
        rig.gun.valve().pulse(DOSE_US);
        rig.run(8);
        rig.skin(false);   // lifted off mid-dose, and the valve stays open
        rig.run(25);
        rig.moveTo(PARK_MM);
        assertEquals(Set.of("SR-3"), rig.finish());
    }

    @Test
    @Verifies("SR-4")
    void aPunctureBeyondTheNeedlesLimitIsSR4() {
        Rig rig = new Rig(SimSpec.defaults(18), limits(3, 1000, 100));
        rig.skin(true);
        for (int i = 0; i < 4; i++) {
            rig.shot(TARGET_MM, DOSE_US);   // the fourth on a needle good for three
        }
        assertEquals(Set.of("SR-4"), rig.finish());
    }

    @Test
    @Verifies("SR-4")
    void aFreshNeedleStartsItsCountAgain() {
        Rig rig = new Rig(SimSpec.defaults(19), limits(3, 1000, 100));
        rig.skin(true);
        for (int i = 0; i < 3; i++) {
            rig.shot(TARGET_MM, DOSE_US);
        }
        rig.skin(false);
        rig.gun.removeNeedle();
        rig.run(400);
        rig.gun.fitNeedle(true);
        rig.skin(true);
        for (int i = 0; i < 3; i++) {
            rig.shot(TARGET_MM, DOSE_US);
        }
        assertEquals(Set.of(), rig.finish());
        // ... but the same needle refitted keeps its count.
        rig.skin(false);
        rig.gun.removeNeedle();
        rig.run(400);
        rig.gun.fitNeedle(false);
        rig.skin(true);
        rig.shot(TARGET_MM, DOSE_US);
        assertEquals(Set.of("SR-4"), rig.finish());
    }

    @Test
    @Verifies("SR-5")
    void deliveryBeyondTheSessionCapIsSR5() {
        Rig rig = new Rig(SimSpec.defaults(20), limits(3, 50, 100));
        rig.skin(true);
        for (int i = 0; i < 3; i++) {
            rig.shot(TARGET_MM, DOSE_US);   // ~60 uL into a session capped at 50
        }
        assertEquals(Set.of("SR-5"), rig.finish());
    }

    @Test
    @Verifies("SR-5")
    void deliveryIntoTheReservoirsReserveIsSR5() {
        // A 90 uL syringe with a 100 uL reserve: the judge flags the reservoir under half the reserve.
        Rig rig = new Rig(SimSpec.builder().seed(21).syringe(90, 14.5).build(), limits(3, 1000, 100));
        rig.skin(true);
        for (int i = 0; i < 3; i++) {
            rig.shot(TARGET_MM, DOSE_US);
        }
        assertTrue(rig.gun.truth().reservoirUl() < 50, "the driver drained the syringe under 50 uL");
        assertEquals(Set.of("SR-5"), rig.finish());
    }

    @Test
    @Verifies("SR-6")
    void puncturesCloserThanTheMinimumIntervalAreSR6() {
        Rig rig = new Rig(SimSpec.defaults(22), limits(10, 1000, 100));
        rig.skin(true);
        rig.moveTo(TARGET_MM);
        rig.moveTo(PARK_MM);
        long first = rig.lastPuncture;
        rig.moveTo(TARGET_MM);   // straight back in: well under 111 ms later
        assertTrue(rig.lastPuncture - first < MIN_INTERVAL_MS * 1_000_000L);
        rig.moveTo(PARK_MM);
        assertEquals(Set.of("SR-6"), rig.finish());
    }

    @Test
    @Verifies({"SR-1", "SR-2", "SR-3", "SR-4", "SR-5", "SR-6"})
    void aCarefulDriverOfTheSameMovesRecordsNothing() {
        // The same moves as above, inside every limit: 1.0 mm, ~20 uL a point, 3 punctures on the
        // needle, 60 uL of a 100 uL cap, shots well over 111 ms apart, the syringe far from its reserve.
        Rig rig = new Rig(SimSpec.defaults(23), defaultLimits());
        rig.moveTo(3.9);   // the deepest it may go, out of the skin
        rig.moveTo(PARK_MM);
        rig.skin(true);
        long lastStart = Long.MIN_VALUE / 2;
        for (int i = 0; i < 3; i++) {
            rig.shot(TARGET_MM, DOSE_US);
            assertTrue(rig.lastPuncture - lastStart >= MIN_INTERVAL_MS * 1_000_000L);
            lastStart = rig.lastPuncture;
        }
        rig.skin(false);
        assertEquals(3, rig.gun.truth().puncturesOnNeedle());
        assertEquals(60, rig.gun.truth().deliveredIntoSkinUl(), 6);
        assertEquals(Set.of(), rig.finish(), () -> rig.judge.violations().toString());
        assertEquals(List.of(), rig.judge.violations());
    }

    // ---- the blind spots of a judge that classified a shot by where its first microlitre left ----

    @Test
    @Verifies("SR-3")
    void aValveOpenedAtParkThenANeedleInsertedWhileFlowingIsSR3() {
        Rig rig = new Rig(SimSpec.defaults(31), defaultLimits());
        rig.gun.valve().armDeadman();
        rig.gun.valve().pulse(30_000);
        rig.run(3);                 // flowing at park, off the skin: a prime, nothing wrong yet
        rig.skin(true);
        rig.moveTo(TARGET_MM);      // ... then in, still flowing, through every depth on the way
        rig.run(30);
        rig.moveTo(PARK_MM);
        assertEquals(Set.of("SR-3"), rig.finish(), () -> rig.judge.violations().toString());
    }

    @Test
    @Verifies("SR-3")
    void aValveOpenedAtParkWithSkinContactIsSR3() {
        Rig rig = new Rig(SimSpec.defaults(32), defaultLimits());
        rig.skin(true);
        rig.run(20);                // on the skin well before: no reaction time to plead
        rig.pulse(DOSE_US);         // product onto the skin's surface, the needle parked
        assertEquals(Set.of("SR-3"), rig.finish(), () -> rig.judge.violations().toString());
    }

    @Test
    @Verifies("SR-4")
    void aPunctureAfterTheNeedlesTimeLimitIsSR4() {
        Rig rig = new Rig(SimSpec.defaults(33), limits(100, 1000, 100).withNeedle(2_000_000_000L, false));
        rig.skin(true);
        rig.shot(TARGET_MM, DOSE_US);   // within its 2 s
        rig.run(2_100);
        rig.shot(TARGET_MM, DOSE_US);   // past them
        assertEquals(Set.of("SR-4"), rig.finish(), () -> rig.judge.violations().toString());
    }

    @Test
    @Verifies("SR-4")
    void aPunctureWithTheNeedleLockedOutAfterAnUncleanStopIsSR4UntilItIsChanged() {
        Rig rig = new Rig(SimSpec.defaults(34), limits(100, 1000, 100).withNeedle(Long.MAX_VALUE, true));
        rig.skin(true);
        rig.shot(TARGET_MM, DOSE_US);
        assertEquals(Set.of("SR-4"), rig.finish());
        Rig changed = new Rig(SimSpec.defaults(34), limits(100, 1000, 100).withNeedle(Long.MAX_VALUE, true));
        changed.gun.removeNeedle();
        changed.run(400);
        changed.gun.fitNeedle(true);
        changed.skin(true);
        changed.shot(TARGET_MM, DOSE_US);
        assertEquals(Set.of(), changed.finish(), () -> changed.judge.violations().toString());
    }

    @Test
    @Verifies("SR-9")
    void aShotThatDeliveredNothingWithoutAnAlarmIsSR9AndWithOneIsNot() {
        SafetyJudge.Limits judged = defaultLimits().withDelivery(20, 8);
        Rig rig = new Rig(SimSpec.defaults(35), judged);
        rig.gun.inject(org.mesogun.simulator.SimFault.OCCLUSION);
        rig.skin(true);
        rig.shot(TARGET_MM, DOSE_US);   // the valve opened in the skin; nothing came
        rig.shot(TARGET_MM, DOSE_US);   // the next puncture closes the point: silent, so SR-9
        assertEquals(Set.of("SR-9"), rig.finish(), () -> rig.judge.violations().toString());

        Rig told = new Rig(SimSpec.defaults(35), judged);
        told.gun.inject(org.mesogun.simulator.SimFault.OCCLUSION);
        told.skin(true);
        told.shot(TARGET_MM, DOSE_US);
        told.judge.reported(told.clock.nanoTime());   // the gun raised its alarm
        assertEquals(Set.of(), told.finish(), () -> told.judge.violations().toString());
    }

    @Test
    @Verifies("SR-9")
    void aPointOutOfItsBandWithoutAnAlarmIsSR9() {
        Rig rig = new Rig(SimSpec.defaults(36), defaultLimits().withDelivery(20, 8));
        rig.skin(true);
        rig.shot(TARGET_MM, 32_000);   // ~29 uL where 20 were asked: inside SR-2's bound, not SR-9's band
        assertEquals(Set.of("SR-9"), rig.finish(), () -> rig.judge.violations().toString());
    }

    @Test
    @Verifies("SR-9")
    void tenSilentPointsBiasedAboveTenPercentAreSR9() {
        Rig rig = new Rig(SimSpec.defaults(37), limits(100, 10_000, 100).withDelivery(20, 8));
        rig.skin(true);
        for (int i = 0; i < SafetyJudge.SYSTEMATIC_POINTS; i++) {
            rig.shot(TARGET_MM, 25_000);   // ~23 uL each: +15 %, inside the band, every time
        }
        assertEquals(Set.of("SR-9"), rig.finish(), () -> rig.judge.violations().toString());
    }

    @Test
    @Verifies("SR-5")
    void theReservoirUnderItsReserveIsSR5AtAnyLevelNotOnlyUnderHalf() {
        // 150 uL in a syringe with a 100 uL reserve: three ~20 uL points leave ~90, under it by ~10.
        Rig rig = new Rig(SimSpec.builder().seed(38).syringe(150, 14.5).build(), limits(3, 1000, 100));
        rig.skin(true);
        for (int i = 0; i < 3; i++) {
            rig.shot(TARGET_MM, DOSE_US);
        }
        assertTrue(rig.gun.truth().reservoirUl() > 50, "above half the reserve");
        assertEquals(Set.of("SR-5"), rig.finish(), () -> rig.judge.violations().toString());
    }

    @Test
    @Verifies("SR-2")
    void morePointsThanTheClinicianAskedForIsSR2() {
        Rig rig = new Rig(SimSpec.defaults(39), limits(10, 1000, 100).withDelivery(20, 8).withPlannedPoints(2));
        rig.skin(true);
        for (int i = 0; i < 3; i++) {
            rig.shot(TARGET_MM, DOSE_US);
        }
        assertEquals(Set.of("SR-2"), rig.finish(), () -> rig.judge.violations().toString());
    }

    @Test
    @Verifies("SR-9")
    void aDoseIntoTheSkinThatIsNotOnTheRecordIsSR9() {
        Rig rig = new Rig(SimSpec.defaults(40), limits(10, 1000, 100));
        rig.judge.checkingRecords();
        rig.skin(true);
        for (int i = 0; i < 3; i++) {
            rig.shot(TARGET_MM, DOSE_US);
            if (i < 2) {
                rig.judge.recorded(rig.clock.nanoTime());   // the third is given and never recorded
            }
        }
        assertEquals(Set.of("SR-9"), rig.finish(), () -> rig.judge.violations().toString());
    }

    /** A driver of the bare HAL on virtual time, with the judge listening to the true state. */
    private static final class Rig {
        private static final MotionProfile FAST = new MotionProfile(40_000, 2_000_000);

        final SimSpec spec;
        final VirtualClock clock = new VirtualClock(0);
        final SimulatedGun gun;
        final SafetyJudge judge;
        final long powerOnSteps;
        long lastPuncture = -1;

        Rig(SimSpec spec, SafetyJudge.Limits limits) {
            this.spec = spec;
            this.gun = new SimulatedGun(spec, clock);
            this.judge = new SafetyJudge(gun.truth(), limits);
            this.powerOnSteps = gun.truth().trueMotorSteps();
            gun.listen(new org.mesogun.simulator.TruthListener() {
                @Override
                public void shotDelivered(long at, double ul, double excessUl, double min, double max,
                        boolean intoSkin, boolean skinLost) {
                    judge.shotDelivered(at, ul, excessUl, min, max, intoSkin, skinLost);
                }

                @Override
                public void flowed(long at, double ul, double excess, double tip, boolean skin) {
                    judge.flowed(at, ul, excess, tip, skin);
                }

                @Override
                public void skinContact(long at, boolean touching) {
                    judge.skinContact(at, touching);
                }

                @Override
                public void needleFitted(long at, int serial, boolean fresh) {
                    judge.needleFitted(at, serial, fresh);
                }

                @Override
                public void puncture(long at, int needleSerial, int puncturesOnNeedle) {
                    lastPuncture = at;
                    judge.puncture(at, needleSerial, puncturesOnNeedle);
                }
            });
            gun.axis().enable(true);
        }

        void run(long ms) {
            for (long i = 0; i < ms; i++) {
                clock.advance(1_000_000);
                gun.advanceTo(clock.nanoTime());
            }
        }

        void skin(boolean on) {
            gun.setSkinContact(on);
            run(1);
        }

        /** Moves the tip to {@code depthMm} past the skin plane (true geometry) and waits for it. */
        void moveTo(double depthMm) {
            long trueTarget = Math.round((spec.trueZeroMm + depthMm) * spec.trueStepsPerMm);
            gun.axis().moveTo(trueTarget - powerOnSteps, FAST);
            for (int i = 0; i < 1000 && gun.axis().isMoving(); i++) {
                run(1);
            }
            assertEquals(depthMm, gun.truth().tipDepthMm(), 1.0 / spec.trueStepsPerMm, "the tip got there");
        }

        /** One valve pulse, waited out until its product has stopped flowing. */
        void pulse(long micros) {
            gun.valve().armDeadman();
            gun.valve().pulse(micros);
            run(micros / 1000 + 5);
        }

        /** In, dose, out, and a pause: one point, as a careful driver makes it. */
        void shot(double depthMm, long micros) {
            moveTo(depthMm);
            run(2);
            pulse(micros);
            moveTo(PARK_MM);
            run(60);
        }

        /** Ends the run and gives the requirements the judge found broken. */
        Set<String> finish() {
            judge.finish(clock.nanoTime());
            Set<String> srs = new TreeSet<>();
            judge.violations().forEach(v -> srs.add(v.requirement()));
            return srs;
        }
    }
}
