package org.mesogun.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mesogun.Verifies;
import org.mesogun.config.Calibration;
import org.mesogun.config.ConfigLoader;
import org.mesogun.config.DeviceConfig;
import org.mesogun.controller.safety.FaultCode;
import org.mesogun.controller.safety.NeedleCounters;
import org.mesogun.simulator.SimSpec;
import org.mesogun.simulator.SimulatedGun;
import org.mesogun.simulator.VirtualClock;

/** Start and stop of the controller on the simulated gun: unclean stops and clean shutdowns. */
class ControllerLifecycleTest {

    private static final DeviceConfig CONFIG = ConfigLoader.load(Path.of("config", "mesogun.yaml"));
    private static final ControllerSettings SETTINGS =
            SettingsFactory.from(CONFIG, Calibration.nominal(CONFIG), true, null);

    private final VirtualClock clock = new VirtualClock(0);
    private final SimulatedGun gun = new SimulatedGun(SimSpec.defaults(1), clock);

    @AfterEach
    void close() {
        gun.close();
    }

    /** Persisted counters as a previous run left them. */
    private static final class Counters implements NeedleCounters {
        private final NeedleCounters mem = NeedleCounters.inMemory();
        private final boolean previousClean;
        boolean running;

        Counters(boolean previousClean) {
            this.previousClean = previousClean;
        }

        @Override public int needleSerial() { return mem.needleSerial(); }
        @Override public int punctures() { return mem.punctures(); }
        @Override public long needleTimeNanos() { return mem.needleTimeNanos(); }
        @Override public boolean lockedOut() { return mem.lockedOut(); }
        @Override public void addPuncture() { mem.addPuncture(); }
        @Override public void addNeedleTime(long nanos) { mem.addNeedleTime(nanos); }
        @Override public void newNeedle() { mem.newNeedle(); }
        @Override public void lockOut() { mem.lockOut(); }
        @Override public boolean previousRunClean() { return previousClean; }
        @Override public void markRunning() { running = true; }
        @Override public void markClean() { running = false; }
    }

    @Test
    @Verifies("SR-4")
    void afterAnUncleanStopTheFittedNeedleIsLockedOut() {
        Counters counters = new Counters(false);
        Controller c = new Controller(gun, SETTINGS, counters, EventSink.NONE);
        assertTrue(c.monitor().needle().locked());
        assertFalse(c.monitor().needle().fresh());
        assertTrue(counters.running, "this run is unclean until it ends cleanly");
    }

    @Test
    @Verifies("SR-4")
    void afterACleanStopTheFittedNeedleIsNotLockedOut() {
        Counters counters = new Counters(true);
        Controller c = new Controller(gun, SETTINGS, counters, EventSink.NONE);
        assertFalse(c.monitor().needle().locked());
        assertTrue(counters.running);
    }

    @Test
    @Verifies("SR-11")
    void aCleanShutdownLeavesTheOutputsSafeAndTheRunClean() {
        Counters counters = new Counters(true);
        Controller c = new Controller(gun, SETTINGS, counters, EventSink.NONE);
        gun.axis().enable(true);
        gun.valve().armDeadman();
        gun.valve().pulse(40_000);
        assertTrue(gun.valve().isOpen() && gun.axis().isEnabled(), "the test starts from live outputs");
        c.shutdown(counters);
        assertFalse(gun.valve().isOpen(), "valve shut");
        assertFalse(gun.axis().isEnabled(), "stepper disabled");
        assertFalse(counters.running, "marked clean");
    }

    @Test
    @Verifies("SR-7")
    void theWatchdogsPathMakesTheOutputsSafeAndTheNextTickLatchesTheStall() {
        Controller c = new Controller(gun, SETTINGS, new Counters(true), EventSink.NONE);
        gun.axis().enable(true);
        gun.valve().armDeadman();
        gun.valve().pulse(40_000);
        c.makeSafe();
        assertFalse(gun.valve().isOpen());
        assertFalse(gun.axis().isEnabled());
        clock.advance(SETTINGS.periodNanos());
        c.tick(clock.nanoTime());
        assertEquals(FaultCode.LOOP_STALLED, c.monitor().latched());
    }
}
