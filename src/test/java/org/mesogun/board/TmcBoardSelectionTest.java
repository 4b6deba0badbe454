package org.mesogun.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mesogun.board.tmc.Tmc5160Axis;
import org.mesogun.board.tmc.Tmc5160Settings;
import org.mesogun.hal.HardwareFaultException;
import org.mesogun.hal.InvalidHardwareSetupException;
import org.mesogun.hal.MotionProfile;

/** {@code mechanics.axis_driver} picks the step generator; the TMC5160 board builds and closes safely. */
class TmcBoardSelectionTest {

    @Test
    void configNamesParse() {
        assertEquals(AxisKind.GPIO_STEP, AxisKind.fromConfig("gpio-step"));
        assertEquals(AxisKind.TMC5160, AxisKind.fromConfig(" TMC5160 "));
        assertThrows(InvalidHardwareSetupException.class, () -> AxisKind.fromConfig("tmc2209"));
        assertThrows(InvalidHardwareSetupException.class, () -> AxisKind.fromConfig(null));
    }

    @Test
    void theTmcBoardUsesTheChipAndClaimsNoStepOrDirLine() {
        TmcBench bench = new TmcBench();
        Pi4jGunHardware gun = Pi4jGunHardware.create(bench.context, MockBoard.pins(), MockBoard.settings(),
                new MockBoard.ManualClock(), AxisKind.TMC5160, TmcWiring.defaults());
        try {
            bench.wire(bench.enableLine());
            Tmc5160Axis axis = assertInstanceOf(Tmc5160Axis.class, gun.axis());
            assertFalse(bench.context.registry().exists("mesogun-step"));
            assertFalse(bench.context.registry().exists("mesogun-dir"));
            assertTrue(bench.enableLine().isLow());
            axis.enable(true);
            axis.moveTo(800, new MotionProfile(8_000, 1e6));
            bench.model.runUntilStill(1_000_000_000L);
            assertEquals(800, gun.axis().position());
            assertEquals(800, bench.model.motor());
        } finally {
            gun.close();
        }
        assertFalse(bench.model.powered(), "close leaves the driver off");
        assertFalse(bench.context.registry().exists("mesogun-tmc5160"), "SPI released");
        assertFalse(bench.context.registry().exists("mesogun-enable"), "ENABLE released");
        bench.shutdown();
    }

    @Test
    void aBoardWhoseChipDoesNotAnswerReleasesWhatItClaimed() {
        TmcBench bench = new TmcBench();
        bench.model.disconnect();
        HardwareFaultException e = assertThrows(HardwareFaultException.class, () -> Pi4jGunHardware.create(
                bench.context, MockBoard.pins(), MockBoard.settings(), new MockBoard.ManualClock(),
                AxisKind.TMC5160, TmcWiring.defaults()));
        assertTrue(e.getMessage().contains("no TMC5160 answering"), e.getMessage());
        assertFalse(bench.context.registry().exists("mesogun-tmc5160"));
        assertFalse(bench.context.registry().exists("mesogun-enable"));
        assertFalse(bench.context.registry().exists("mesogun-valve"));
        bench.shutdown();
    }

    @Test
    void aGunSignalOnTheSpiBusIsRefused() {
        BoardPins p = MockBoard.pins();
        BoardPins onMosi = new BoardPins(p.step(), p.dir(), p.enable(), p.valvePwm(), p.deadman(), 10,
                p.home(), p.parkFlag(), p.hub(), p.skin(), p.stop(), p.led(), p.buzzer(), p.panelUp(),
                p.panelDown(), p.panelSelect());
        assertThrows(InvalidHardwareSetupException.class,
                () -> TmcAxisFactory.checkPinsFree(onMosi, TmcWiring.defaults()));
        assertThrows(InvalidHardwareSetupException.class,
                () -> TmcAxisFactory.checkPinsFree(p, new TmcWiring(0, 2, false, Tmc5160Settings.defaults())));
        TmcAxisFactory.checkPinsFree(p, TmcWiring.defaults());
    }

    @Test
    void aTmcBoardNeedsItsWiring() {
        TmcBench bench = new TmcBench();
        try {
            assertThrows(InvalidHardwareSetupException.class, () -> Pi4jGunHardware.create(bench.context,
                    MockBoard.pins(), MockBoard.settings(), new MockBoard.ManualClock(), AxisKind.TMC5160, null));
        } finally {
            bench.shutdown();
        }
    }

    @Test
    void theMockSpiIsReportedAsAMockProvider() {
        TmcBench bench = new TmcBench();
        try {
            assertTrue(Pi4jGunHardware.usesMockProviders(bench.context));
            assertEquals("mock-spi", Pi4jGunHardware.chosenProviders(bench.context).get(com.pi4j.io.IOType.SPI));
        } finally {
            bench.shutdown();
        }
    }

}
