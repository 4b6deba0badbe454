package org.mesogun.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The profile picks the axis driver: GPIO step pulses (default) or a TMC5160 on SPI. */
class AxisDriverConfigTest {

    @Test
    void theDefaultProfileUsesGpioSteps() {
        MechanicsConfig m = ConfigFixture.defaultConfig().mechanics();
        assertEquals("gpio-step", m.axisDriver());
        assertEquals(0, m.spiBus());
        assertEquals(0, m.spiChipSelect());
    }

    @Test
    void aMotionChipIsChosenWithItsSpiWiring() {
        DeviceConfig c = ConfigFixture.defaults().set("mechanics.axis_driver", "tmc5160").set("mechanics.spi_cs", 1)
                .load();
        assertEquals("tmc5160", c.mechanics().axisDriver());
        assertEquals(1, c.mechanics().spiChipSelect());
    }

    @Test
    void anUnknownDriverIsRefusedWithItsPath() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigFixture.defaults().set("mechanics.axis_driver", "l298").load());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("mechanics.axis_driver:")), e.getMessage());
    }
}
