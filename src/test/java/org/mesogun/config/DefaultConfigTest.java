package org.mesogun.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DefaultConfigTest {

    @Test
    void shippedProfileLoads() {
        DeviceConfig c = ConfigFixture.defaultConfig();
        assertEquals("gun-sim-01", c.device().id());
        assertEquals(Board.SIMULATOR, c.device().board());
        assertEquals(7, c.protocols().size());
        assertEquals(64, c.sourceSha256().length());
    }

    @Test
    void loadingTheDirectoryReadsMesogunYaml() {
        DeviceConfig c = ConfigLoader.load(Path.of("config"));
        assertEquals(ConfigFixture.defaultConfig(), c);
    }

    @Test
    void nominalStepsPerMmFollowsFromMotorAndLead() {
        MechanicsConfig m = ConfigFixture.defaultConfig().mechanics();
        assertEquals(400.0, m.nominalStepsPerMm());
        assertEquals(8000, m.nominalZeroSteps());
    }

    @Test
    void protocolsReadModeRateAndSoftRanges() {
        DeviceConfig c = ConfigFixture.defaultConfig();
        Protocol neck = c.protocol("neck-nappage").orElseThrow();
        assertEquals(Mode.NAPPAGE, neck.mode());
        assertEquals(8.0, neck.shotsPerS());
        assertEquals(new Range(0.5, 2.0), neck.softDepthMm());
        assertEquals(new Range(5, 20), neck.softDoseUl());
        Protocol body = c.protocol("body-perfusion").orElseThrow();
        assertEquals(Mode.PERFUSION, body.mode());
        assertEquals(0.0, body.shotsPerS());
        assertEquals("decollete", c.protocol("decollete-point").orElseThrow().area());
    }

    @Test
    void everySectionIsRead() {
        DeviceConfig c = ConfigFixture.defaultConfig();
        assertEquals(1000, c.loop().periodUs());
        assertEquals(20, c.loop().watchdogMs());
        assertEquals(40, c.valve().maxOpenMs());
        assertEquals(165.1, c.syringe().ulPerMm(), 0.1);
        assertTrue(c.plunger().present());
        assertEquals(120, c.needle().punctureLimit());
        assertEquals(111, c.session().minShotIntervalMs());
        assertEquals(18, c.pins().valvePwm());
        assertTrue(c.mqtt().embedded());
        assertEquals("", c.mqtt().tls().trustStore());
        assertEquals(8, c.serial().dataBits());
        assertEquals(Path.of("var").toAbsolutePath().normalize(), c.storage().dataPath(Path.of("config")),
                "the profile's ../var: the checkout's var/, from any working directory");
    }
}
