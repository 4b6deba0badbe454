package org.mesogun.controller.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mesogun.config.Mode;
import org.mesogun.config.Protocol;
import org.mesogun.config.Range;
import org.mesogun.controller.machine.MachineRig.Button;
import org.mesogun.controller.safety.TestSettings;

/**
 * The clinician's three-button menu while no session runs: what it shows, and that depth and
 * dose can be set only within the hard limits (0.5–4.0 mm, never past the configured maximum;
 * 1–200 µL), whatever the buttons do. The depth and dose a session records are the menu's.
 */
class PanelMenuTest {

    static final Protocol NECK = new Protocol("neck-point", "neck", Mode.POINT, 2.5, 15, 0,
            new Range(1.0, 3.0), new Range(10, 20));

    private static MachineRig rig(double maxDepthMm) {
        TestSettings t = MachineRig.settings();
        t.maxDepthMm = maxDepthMm;
        t.protocols = List.of(TestSettings.POINT, NECK);
        return new MachineRig(t).booted();
    }

    @Test
    void theItemsComeInOrderAndWrapAroundBothWays() {
        MachineRig rig = rig(4.0);
        assertEquals("Protocol", rig.line1);
        assertEquals("face-point", rig.line2);
        String[] order = {"Depth mm", "Dose uL", "Lot", "Load syringe", "Prime", "Start session", "Protocol"};
        for (String item : order) {
            rig.press(Button.DOWN);
            assertEquals(item, rig.line1);
        }
        rig.press(Button.UP);
        assertEquals("Start session", rig.line1);
        assertEquals("face-point", rig.line2);
    }

    @Test
    void eachItemShowsItsValue() {
        MachineRig rig = rig(4.0);
        rig.menuTo("Depth mm");
        assertEquals("1.0", rig.line2);
        rig.menuTo("Dose uL");
        assertEquals("20", rig.line2);
        rig.menuTo("Lot");
        assertEquals("000000", rig.line2);
        rig.menuTo("Load syringe");
        assertEquals("0.0 mL", rig.line2);
        rig.menuTo("Prime");
        assertEquals("not primed", rig.line2);
        rig.loaded().primed();
        rig.menuTo("Load syringe");
        assertEquals("9.9 mL", rig.line2, "10 mL less the 80 µL primed, to one decimal");
        rig.menuTo("Prime");
        assertEquals("primed", rig.line2);
    }

    @Test
    void selectOnProtocolStepsThroughTheLibraryAndTakesEachOnesDepthAndDose() {
        MachineRig rig = rig(4.0);
        rig.select();
        assertEquals("neck-point", rig.line2);
        rig.menuTo("Depth mm");
        assertEquals("2.5", rig.line2);
        rig.menuTo("Dose uL");
        assertEquals("15", rig.line2);
        rig.menuTo("Protocol").select();
        assertEquals("face-point", rig.line2, "wraps to the first");
        rig.menuTo("Depth mm");
        assertEquals("1.0", rig.line2);
    }

    @Test
    void aProtocolDeeperThanTheConfiguredMaximumIsOfferedAtTheMaximum() {
        MachineRig rig = rig(2.0);
        rig.select();
        rig.menuTo("Depth mm");
        assertEquals("2.0", rig.line2);
    }

    @Test
    void depthStepsByATenthAndStopsAtTheHardMinimum() {
        MachineRig rig = rig(4.0).menuTo("Depth mm");
        rig.select();
        assertEquals("Depth mm *", rig.line1, "editing");
        rig.press(Button.UP);
        assertEquals("1.1", rig.line2);
        for (int i = 0; i < 10; i++) {
            rig.press(Button.DOWN);
        }
        assertEquals("0.5", rig.line2);
        rig.select();
        assertEquals("Depth mm", rig.line1, "select leaves the value");
        rig.press(Button.DOWN);
        assertEquals("Dose uL", rig.line1, "and the buttons move through the menu again");
    }

    @Test
    void depthStopsAtTheConfiguredMaximum() {
        MachineRig rig = rig(1.2).menuTo("Depth mm");
        rig.select();
        for (int i = 0; i < 5; i++) {
            rig.press(Button.UP);
        }
        assertEquals("1.2", rig.line2);
    }

    @Test
    void depthNeverPassesTheHardFourMillimetresEvenIfConfiguredDeeper() {
        MachineRig rig = rig(5.0).menuTo("Depth mm");
        rig.select();
        for (int i = 0; i < 40; i++) {
            rig.press(Button.UP);
        }
        assertEquals("4.0", rig.line2);
    }

    @Test
    void theDepthASessionRecordsIsTheTenthsTheMenuShows() {
        MachineRig rig = rig(4.0).loaded().primed();
        rig.menuTo("Depth mm").select();
        rig.press(Button.UP);
        rig.press(Button.UP);
        rig.press(Button.UP);
        rig.select();
        rig.machine.presetLot(1);
        rig.start();
        assertEquals(1.3, rig.events.started.get(0).depthMm(), "exactly 1.3 mm, no drift from adding tenths");
    }

    @Test
    void doseStepsByOneMicrolitreWithinTheHardLimits() {
        MachineRig rig = rig(4.0).menuTo("Dose uL");
        rig.select();
        assertEquals("Dose uL *", rig.line1);
        rig.press(Button.UP);
        assertEquals("21", rig.line2);
        for (int i = 0; i < 25; i++) {
            rig.press(Button.DOWN);
        }
        assertEquals("1", rig.line2, "never under 1 µL");
        rig.machine.presetDepthAndDose(1.0, 199);
        rig.press(Button.UP);
        rig.press(Button.UP);
        assertEquals("200", rig.line2, "never over 200 µL");
        rig.select();
        assertEquals("Dose uL", rig.line1);
    }

    @Test
    void presetsAreClampedToTheHardLimitsToo() {
        MachineRig rig = rig(4.0);
        rig.machine.presetDepthAndDose(9.0, 500);
        rig.menuTo("Depth mm");
        assertEquals("4.0", rig.line2);
        rig.menuTo("Dose uL");
        assertEquals("200", rig.line2);
        rig.machine.presetDepthAndDose(0.1, 0.2);
        rig.menuTo("Depth mm");
        assertEquals("0.5", rig.line2);
        rig.menuTo("Dose uL");
        assertEquals("1", rig.line2);
    }

    @Test
    void theLotIsEnteredDigitByDigitWithEachDigitWrapping() {
        MachineRig rig = rig(4.0).menuTo("Lot");
        rig.select();
        assertEquals("Lot digit 1", rig.line1);
        rig.press(Button.UP);
        rig.press(Button.UP);
        assertEquals("200000", rig.line2);
        rig.select();
        assertEquals("Lot digit 2", rig.line1);
        rig.press(Button.DOWN);
        assertEquals("290000", rig.line2, "0 - 1 wraps to 9");
        rig.select();
        rig.select();
        rig.select();
        rig.select();
        assertEquals("Lot digit 6", rig.line1);
        rig.press(Button.UP);
        assertEquals("290001", rig.line2);
        rig.select();
        assertEquals("Lot", rig.line1, "six digits entered");
        rig.press(Button.DOWN);
        assertEquals("Load syringe", rig.line1);
        rig.loaded().primed().start();
        assertEquals(290_001, rig.events.started.get(0).lot());
    }

    @Test
    void theLotRecordedIsTheLotShown() {
        MachineRig rig = rig(4.0).loaded().primed();
        rig.machine.presetLot(990_000);
        rig.menuTo("Lot").select();
        rig.press(Button.UP);
        assertEquals("090000", rig.line2);
        for (int i = 0; i < 6; i++) {
            rig.select();
        }
        rig.start();
        assertEquals(90_000, rig.events.started.get(0).lot());
    }

    @Test
    void thePanelIsWrittenWhenSomethingChangesNotEveryTick() {
        MachineRig rig = rig(4.0);
        int writes = rig.panelWrites;
        rig.ticks(100);
        assertEquals(writes, rig.panelWrites, "nothing changed");
        rig.press(Button.DOWN);
        assertEquals(writes + 1, rig.panelWrites);
        rig.ticks(100);
        assertEquals(writes + 1, rig.panelWrites);
    }

    @Test
    void aNineWrapsToZero() {
        MachineRig rig = rig(4.0);
        rig.machine.presetLot(900_000);
        rig.menuTo("Lot").select();
        rig.press(Button.UP);
        assertEquals("000000", rig.line2);
    }
}
