package org.mesogun.board;

import org.mesogun.board.tmc.Tmc5160Settings;
import org.mesogun.hal.InvalidHardwareSetupException;

/**
 * Where the TMC5160 hangs on the board and how it is set up.
 *
 * @param spiBus          SPI bus number (0 on a Raspberry Pi's header: SPI0 on BCM 9/10/11)
 * @param spiChipSelect   chip select on that bus (0 = CE0 on BCM 8, 1 = CE1 on BCM 7)
 * @param enableActiveLow true when the board's ENABLE line is wired straight to DRV_ENN (low =
 *                        driver on; the line then rests high and needs a pull-up to stay off
 *                        during boot); false when it drives DRV_ENN through an inverter (high =
 *                        on), which keeps requirements §2's "ENABLE boots low through a pull-down" safe
 * @param settings        the chip's clock and register configuration
 */
public record TmcWiring(int spiBus, int spiChipSelect, boolean enableActiveLow, Tmc5160Settings settings) {

    public TmcWiring {
        if (spiBus < 0 || spiBus > 6 || spiChipSelect < 0 || spiChipSelect > 2 || settings == null) {
            throw new InvalidHardwareSetupException("TMC5160 wiring needs SPI bus 0..6 and chip select 0..2, got bus "
                    + spiBus + " cs " + spiChipSelect + (settings == null ? ", no settings" : ""));
        }
    }

    /** SPI0 CE0, ENABLE through an inverter, the chip's default settings. */
    public static TmcWiring defaults() {
        return new TmcWiring(0, 0, false, Tmc5160Settings.defaults());
    }
}
