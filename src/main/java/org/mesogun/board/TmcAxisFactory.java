package org.mesogun.board;

import com.pi4j.context.Context;
import com.pi4j.io.IO;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.spi.Spi;
import java.util.List;
import org.mesogun.board.tmc.Tmc5160Axis;
import org.mesogun.board.tmc.Tmc5160Spi;
import org.mesogun.hal.InvalidHardwareSetupException;

/** Claims the TMC5160's SPI device and DRV_ENN line (driver off) and builds its axis. */
final class TmcAxisFactory {

    private TmcAxisFactory() {
    }

    /** Raspberry Pi header lines of SPI0 and SPI1: MISO, MOSI, SCLK. */
    private static final int[][] SPI_DATA = {{9, 10, 11}, {19, 20, 21}};
    /** Their chip selects CE0, CE1, CE2 (-1: none on that bus). */
    private static final int[][] SPI_CE = {{8, 7, -1}, {18, 17, 16}};

    /**
     * @param ios receives every IO claimed, before anything that can fail after it, so the
     *            caller releases them even when the chip does not answer
     */
    static Tmc5160Axis create(Context context, int enableBcm, TmcWiring wiring, List<IO<?, ?, ?>> ios) {
        DigitalOutput enable = wiring.enableActiveLow()
                ? Pins.outputHighWhenSafe(context, "mesogun-enable", enableBcm)
                : Pins.outputLowWhenSafe(context, "mesogun-enable", enableBcm);
        ios.add(enable);
        Spi spi = Pins.spiMode3(context, "mesogun-tmc5160", wiring.spiBus(), wiring.spiChipSelect(),
                wiring.settings().spiBaud());
        ios.add(spi);
        return Tmc5160Axis.create(new Tmc5160Spi(spi), enable, wiring.enableActiveLow(), wiring.settings());
    }

    /** A signal on a line the SPI bus uses would fight the bus (only the Pi's SPI0/SPI1 are known). */
    static void checkPinsFree(BoardPins pins, TmcWiring wiring) {
        if (wiring.spiBus() >= SPI_DATA.length) {
            return;
        }
        int ce = SPI_CE[wiring.spiBus()][wiring.spiChipSelect()];
        if (ce < 0) {
            throw new InvalidHardwareSetupException("SPI" + wiring.spiBus() + " has no chip select "
                    + wiring.spiChipSelect());
        }
        int[] lines = {SPI_DATA[wiring.spiBus()][0], SPI_DATA[wiring.spiBus()][1], SPI_DATA[wiring.spiBus()][2], ce};
        int[] used = {pins.enable(), pins.valvePwm(), pins.deadman(), pins.trigger(), pins.home(),
                pins.parkFlag(), pins.hub(), pins.skin(), pins.stop(), pins.led(), pins.buzzer(),
                pins.panelUp(), pins.panelDown(), pins.panelSelect()};
        for (int line : lines) {
            for (int pin : used) {
                if (pin == line) {
                    throw new InvalidHardwareSetupException("BCM " + line + " is wired to a gun signal but belongs to SPI"
                            + wiring.spiBus() + ", where the TMC5160 is");
                }
            }
        }
    }
}
