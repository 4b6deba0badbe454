package org.mesogun.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mesogun.Verifies;
import org.mesogun.config.Calibration;
import org.mesogun.config.CalibrationStore;
import org.mesogun.config.ConfigLoader;
import org.mesogun.config.DeviceConfig;
import org.mesogun.controller.State;
import org.mesogun.controller.safety.FaultCode;

/**
 * `run` end to end on Pi4J's mock platform: self-test and homing against mock mechanics, a
 * session of shots driven by panel and trigger edges, the stop button, the hardware watchdog fed
 * only by a healthy loop, and a clean stop that leaves every output safe.
 */
class GunServiceTest {

    @TempDir
    Path dir;

    private Context context;
    private GunService service;
    private MockMechanics mech;

    @AfterEach
    void tearDown() {
        if (service != null) {
            service.close();
        }
        if (context != null) {
            context.shutdown();
        }
    }

    private void startCalibrated() throws Exception {
        // A shared 2-core CI machine is no real-time board: a tick can be 20 ms late there under
        // load, which would latch LOOP_LATE mid-test; the test runs at the hard maximum of 100 ms.
        String yaml = Files.readString(Path.of("config", ConfigLoader.FILE_NAME))
                .replace("  watchdog_ms: 20 ", "  watchdog_ms: 100 ");
        DeviceConfig cfg = ConfigLoader.parse(yaml.getBytes(), "default profile, watchdog 100 ms");
        new CalibrationStore(dir, cfg).save(new Calibration(400, MockMechanics.ZERO, 1.0, 0, 1, Instant.now(), "test",
                new org.mesogun.config.DepthCheck(1.0, 1.0, 3.96, 3.96)));
        org.mesogun.storage.MappedNeedleCounters.initialise(dir.resolve("needle.bin"));   // as the installer does
        context = Pi4J.newContextBuilder().add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
                        MockPwmProvider.newInstance())
                .build();
        service = GunService.start(cfg, context, new GunService.Options(dir, dir.resolve("watchdog"), true),
                new PrintStream(new ByteArrayOutputStream()), hw -> {
                    mech = new MockMechanics(context, 400);
                    mech.set("mesogun-hub", true);   // a needle is fitted
                });
    }

    @Test
    @Verifies({"SR-10", "SR-11", "SR-7"})
    void aSessionOfShotsOnTheMockBoardThenTheStopButton() throws Exception {
        // On a shared 2-core CI machine the valve's timer thread or the loop can be starved for a
        // few ms; the monitor then rightly latches a timing fault (21, 70, 71), which is not what
        // this test is about. Such a run is started afresh, up to three times; any other failure
        // fails at once.
        for (int attempt = 1; ; attempt++) {
            try {
                sessionOfShotsThenStop();
                return;
            } catch (AssertionError | org.awaitility.core.ConditionTimeoutException e) {
                FaultCode f = service == null ? null : service.controller().monitor().latched();
                boolean timing = f == FaultCode.VALVE_NOT_CLOSED || f == FaultCode.LOOP_LATE
                        || f == FaultCode.LOOP_STALLED;
                if (!timing || attempt == 3) {
                    throw e;
                }
                System.out.println("attempt " + attempt + " hit a timing fault on a busy machine: " + f);
                tearDown();
                service = null;
                context = null;
                dir = java.nio.file.Files.createTempDirectory("gun-service-retry");
            }
        }
    }

    private void sessionOfShotsThenStop() throws Exception {
        startCalibrated();
        var m = service.controller().machine();
        await().atMost(Duration.ofSeconds(10)).until(() -> m.state() == State.IDLE);
        assertEquals(MockMechanics.PARK, mech.truePosition(), 2, "homed, then parked");

        press("panel-down", 4);          // Protocol → Depth → Dose → Lot → Load syringe
        assertPanel("Load syringe");
        press("panel-select", 1);
        assertPanel("Change syringe");
        press("panel-select", 1);        // the new syringe is in
        assertPanel("Syringe fill");     // the board has no plunger sensor: the clinician says how full
        press("panel-up", 4);            // 2.0 mL, read off the syringe's scale
        press("panel-select", 1);
        press("panel-down", 1);
        assertPanel("Prime");
        press("panel-select", 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> panel().startsWith("Prime | primed"));
        m.presetLot(240117);             // the lot, entered digit by digit in SimulateCommand's runs
        press("panel-down", 1);
        assertPanel("Start session");
        press("panel-select", 1);
        await().atMost(Duration.ofSeconds(2)).until(m::inSession);

        mech.set("mesogun-skin", true);
        for (int i = 1; i <= 5; i++) {
            mech.set("mesogun-trigger", false);   // active low: pressed
            int expected = i;
            await().atMost(Duration.ofSeconds(3)).until(() -> m.points() >= expected);
            mech.set("mesogun-trigger", true);
            Thread.sleep(150);
        }
        assertEquals(5, m.points());
        assertTrue(mech.truePosition() <= MockMechanics.FLAG_EDGE, "back at park between shots");

        mech.set("mesogun-stop", false);          // the stop button (active low)
        await().atMost(Duration.ofSeconds(2)).until(() -> m.state() == State.FAULT);
        assertEquals(FaultCode.STOP_PRESSED, service.controller().monitor().latched());
        assertFalse(m.inSession(), "the stop ends the session");
        assertFalse(service.hardware().valve().isOpen());
        await().atMost(Duration.ofSeconds(2)).until(() -> !service.hardware().axis().isEnabled());
    }

    @Test
    @Verifies("SR-7")
    void theHardwareWatchdogIsFedOnlyWhileTheLoopIsHealthy() throws Exception {
        startCalibrated();
        await().atMost(Duration.ofSeconds(5)).until(() -> service.watchdogFeeds() >= 3);

        service.stallOnce(1_500);
        Thread.sleep(300);   // the stall has begun; a healthy loop would be fed every 100 ms
        long during = service.watchdogFeeds();
        Thread.sleep(900);
        assertEquals(during, service.watchdogFeeds(), "fed while the loop was stalled");

        await().atMost(Duration.ofSeconds(5)).until(() -> service.watchdogFeeds() > during);
        FaultCode f = service.controller().monitor().latched();
        assertTrue(f == FaultCode.LOOP_STALLED || f == FaultCode.LOOP_LATE, "latched " + f);
    }

    @Test
    @Verifies("SR-11")
    void aCleanStopLeavesEveryOutputSafeAndDisarmsTheWatchdog() throws Exception {
        startCalibrated();
        await().atMost(Duration.ofSeconds(10)).until(() -> service.controller().machine().state() == State.IDLE);
        service.close();

        String outputs = service.hardware().describeOutputs();
        assertTrue(outputs.contains("step=LOW") && outputs.contains("enable=LOW") && outputs.contains("deadman=LOW")
                && outputs.contains("valve=off"), outputs);
        byte[] wd = Files.readAllBytes(dir.resolve("watchdog"));
        assertEquals('V', wd[wd.length - 1], "the magic close disarms the watchdog");
    }

    private String panel() {
        var lines = service.hardware().panel().lines();
        return lines[0] + " | " + lines[1];
    }

    private void assertPanel(String line1) throws Exception {
        await().atMost(Duration.ofSeconds(2)).until(() -> panel().startsWith(line1));
    }

    private void press(String button, int times) throws InterruptedException {
        for (int i = 0; i < times; i++) {
            mech.set("mesogun-" + button, true);
            Thread.sleep(30);
            mech.set("mesogun-" + button, false);
            Thread.sleep(40);
        }
    }
}
