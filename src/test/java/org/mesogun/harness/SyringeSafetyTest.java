package org.mesogun.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;
import org.mesogun.controller.EventSink;
import org.mesogun.controller.safety.FaultCode;
import org.mesogun.controller.safety.SafetyMonitor;

/**
 * SR-5 and SR-9 on the simulator's true state for the syringe findings of the adversarial review
 * (issue "Dose and syringe safety", items 1 and 2): a syringe of another bore than the one the gun
 * was told, a part-used syringe taken as full, a dry one. Each test is named for its finding.
 */
class SyringeSafetyTest {

    private static boolean alarmed(RunResult r, FaultCode code) {
        return r.recorder().alarms.stream().anyMatch(a -> a.code() == code);
    }

    private static int firstAlarmPoint(RunResult r, FaultCode code) {
        return r.notes().stream().filter(n -> n.startsWith("alarm " + code.code() + " at point "))
                .mapToInt(n -> Integer.parseInt(n.substring(n.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    private static Scenario wrongBore(double trueBoreMm) {
        return Scenario.defaults().withProtocol("face-point").withPoints(40).withSeed(15)
                .withWorld(GunWorld.parse("bore_mm=" + trueBoreMm));
    }

    /**
     * A syringe whose bore is 8 % wider than the picked type's (15.66 mm where the gun was told
     * 14.5: the review's 13.3 against 14.5, the other way round): the plunger under-reads, the
     * closed loop added 17 % to every point and passed the session cap, no alarm. Now the
     * plunger-measured volume is weighed against the scale-calibrated flow: an alarm naming the
     * syringe before ten points, and no point after it from that syringe.
     */
    @Test
    @Verifies({"SR-5", "SR-9"})
    void aSyringeOfAWiderBoreIsAnAlarmBeforeTenPoints() {
        RunResult r = Runs.run(wrongBore(15.66));
        assertTrue(alarmed(r, FaultCode.SYRINGE_MISMATCH), "notes " + r.notes());
        int at = firstAlarmPoint(r, FaultCode.SYRINGE_MISMATCH);
        assertTrue(at >= 1 && at <= 9, "alarm at point " + at + ": " + r.notes());
        assertEquals(List.of(), r.violations(), "notes " + r.notes());
    }

    /** The other way: a narrower bore (13.3 mm, told 14.5) under-doses 16 % every point. */
    @Test
    @Verifies({"SR-5", "SR-9"})
    void aSyringeOfANarrowerBoreIsAnAlarmBeforeTenPoints() {
        RunResult r = Runs.run(wrongBore(13.3));
        assertTrue(alarmed(r, FaultCode.SYRINGE_MISMATCH), "notes " + r.notes());
        int at = firstAlarmPoint(r, FaultCode.SYRINGE_MISMATCH);
        assertTrue(at >= 1 && at <= 9, "alarm at point " + at + ": " + r.notes());
        assertEquals(List.of(), r.violations(), "notes " + r.notes());
    }

    /** With the cross-check switched off (test scope only) the same wider bore breaks SR-9. */
    @Test
    @Verifies("SR-9")
    void withTheCrossCheckOffTheWiderBoreOverDosesEveryPoint() {
        RunResult r = new SimulationRun(Runs.profile(), wrongBore(15.66), null, EventSink.NONE, false)
                .withParts(p -> p.withoutMonitorCheckForTests(SafetyMonitor.Check.FLOW_CROSS_CHECK)).run();
        assertFalse(alarmed(r, FaultCode.SYRINGE_MISMATCH));
        assertTrue(r.violations().stream().anyMatch(v -> v.requirement().equals("SR-9")), r.violations().toString());
        assertTrue(r.meanDoseErrorPct() > 8, "over-dosed: " + r.meanDoseErrorPct());
    }

    /** The right bore, at any fill the world draws, and a thick product calibrated with: no alarm. */
    @Test
    @Verifies("SR-5")
    void theRightSyringeAtAnyFillIsNoAlarm() {
        for (String w : List.of("syringe_fill=1", "syringe_fill=0.5", "syringe_fill=0.1", "viscosity=1.25,syringe_fill=0.3")) {
            RunResult r = Runs.run(Scenario.defaults().withProtocol("face-nappage").withDose(5).withPoints(60)
                    .withSeed(3).withWorld(GunWorld.parse(w)));
            assertFalse(alarmed(r, FaultCode.SYRINGE_MISMATCH), w + ": " + r.notes());
            assertEquals(List.of(), r.violations(), w);
            assertEquals(60, r.delivered(), w + ": " + r.notes());
        }
    }

    /**
     * A half-filled syringe was taken as full and the reserve was breached. The fill now comes from
     * the plunger's position at load: the gun asks for a new syringe before the reserve, whatever
     * the fill.
     */
    @Test
    @Verifies("SR-5")
    void aPartFilledSyringeIsTakenAtItsPlungerPosition() {
        // 10 % of 10 mL is 1000 uL, taken at its travel from full less the scale's accuracy (about
        // 500 uL usable after priming and the reserve): 40 points of 20 uL need a second one.
        RunResult r = Runs.run(Scenario.defaults().withProtocol("face-point").withPoints(40).withSeed(4)
                .withWorld(GunWorld.parse("syringe_fill=0.1")));
        assertEquals(List.of(), r.violations(), "notes " + r.notes());
        assertEquals(40, r.delivered(), r.notes().toString());
        assertTrue(r.notes().stream().filter(n -> n.startsWith("new syringe loaded")).count() >= 2,
                "syringes changed: " + r.notes());
    }

    /**
     * A dry syringe looped through hundreds of DOSE_NOT_DELIVERED sessions on fresh needles. Its
     * plunger at the empty mark now says it is empty when it goes in: the gun asks for a syringe,
     * never for a needle, and raises no occlusion alarm.
     */
    @Test
    @Verifies({"SR-5", "SR-9"})
    void aDrySyringeAsksForASyringeNotANeedle() {
        RunResult r = Runs.run(Scenario.defaults().withProtocol("face-point").withPoints(10).withSeed(5)
                .withWorld(GunWorld.parse("syringe_fill=0.009")));
        assertFalse(alarmed(r, FaultCode.DOSE_NOT_DELIVERED), r.notes().toString());
        assertEquals(0, r.delivered());
        assertEquals(1, r.needlesUsed(), "no needle changed for an empty syringe: " + r.notes());
        assertEquals(List.of(), r.violations());
    }

    /**
     * A bore a little wider than picked (14.9 mm for 14.5: within the cross-check's window
     * tolerance) on a syringe 5 % full: read from the plunger's position with the picked bore, 95 %
     * used looked like 90 %, and the reserve was breached (world search, seeds 6294606240012239418,
     * 4650020117847651996). The reservoir is now judged on travel scaled by the cross-check's pooled
     * ratio less its 3σ and the scale's accuracy: such a syringe is refused as empty, or used down
     * to its true reserve, or (14.9 mm) an alarm once the pooled ratio is surely 4 % off.
     */
    @Test
    @Verifies("SR-5")
    void aNearlyEmptySyringeOfASlightlyWiderBoreKeepsItsReserve() {
        for (String bore : List.of("14.75", "14.9")) {
            for (String fill : List.of("0.05", "0.1")) {
                RunResult r = Runs.run(Scenario.defaults().withProtocol("scalp-point").withDose(19).withPoints(32)
                        .withSeed(6).withWorld(GunWorld.parse("bore_mm=" + bore + ",syringe_fill=" + fill)));
                assertEquals(List.of(), r.violations(), bore + " " + fill + ": " + r.notes());
            }
        }
    }

    /**
     * Without a plunger sensor the fill was assumed: a syringe 5 % full was taken as full and the
     * reserve breached. The panel now asks how full it is (the clinician reads it off the scale, to
     * the half millilitre below); the gun asks for a new syringe before the reserve.
     */
    @Test
    @Verifies("SR-5")
    void withoutAPlungerSensorThePanelsFillKeepsTheReserve() {
        org.mesogun.config.DeviceConfig open = Runs.profileWith("  present: true", "  present: false");
        RunResult r = Runs.run(open, Scenario.defaults().withProtocol("face-point").withPoints(40).withSeed(7)
                .withWorld(GunWorld.parse("syringe_fill=0.07")));
        assertEquals(List.of(), r.violations(), "notes " + r.notes());
        assertEquals(40, r.delivered(), r.notes().toString());
        assertTrue(r.notes().stream().filter(n -> n.startsWith("new syringe loaded")).count() >= 2,
                "syringes changed: " + r.notes());
    }
}
