package org.mesogun.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mesogun.config.ConfigLoader;
import org.mesogun.config.DeviceConfig;

/** The bench's valve figure: pulses through the board's driver, the loop away; no timing judged here. */
class ValveTimingProbeTest {

    @Test
    void everyPulseIsMeasuredAndNoneEndsBeforeItsCommandedTime() {
        DeviceConfig cfg = ConfigLoader.load(Path.of("config"));
        Context context = Pi4J.newContextBuilder().add(new MockPlatform())
                .add(MockDigitalOutputProvider.newInstance(), MockPwmProvider.newInstance()).build();
        try {
            ValveTimingProbe.Result r = ValveTimingProbe.run(cfg, context, 12, 7, 0);
            assertNull(r.error());
            assertEquals(12, r.pulses());
            assertEquals(0, r.refused(), "the probe rests the coil within its duty cycle");
            assertTrue(r.minUs() >= 0, "the timer never ends a dose early: " + r);
            assertTrue(r.p50Us() <= r.p99Us() && r.p99Us() <= r.maxUs(), r.toString());
            assertEquals("normal scheduling", r.timerScheduling());
        } finally {
            context.shutdown();
        }
    }

    @Test
    void refusesAContextWithoutPi4jsMockPwm() {
        DeviceConfig cfg = ConfigLoader.load(Path.of("config"));
        Context context = Pi4J.newContextBuilder().add(new MockPlatform())
                .add(MockDigitalOutputProvider.newInstance()).build();   // no PWM provider at all
        try {
            var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> ValveTimingProbe.run(cfg, context, 1, 1, 0));
            assertTrue(e.getMessage().contains("mock PWM only"), e.getMessage());
        } finally {
            context.shutdown();
        }
    }
}
