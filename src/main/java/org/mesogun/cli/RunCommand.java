package org.mesogun.cli;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mesogun.app.GunService;
import org.mesogun.config.ConfigException;
import org.mesogun.config.ConfigLoader;
import org.mesogun.config.DeviceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The gun on the board: Pi4J hardware, the real-time loop, until SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the gun on the board (Pi4J GPIO). Stops cleanly on SIGTERM: the shot in progress "
                + "ends, the session ends, the needle is parked, the valve and the stepper are switched off.", ""})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "DIR", description = "Device profile (default ${DEFAULT-VALUE}).")
    Path config = Path.of("config");

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Calibration, accounts, needle counters, journal (default: the profile's storage.data_dir).")
    Path dataDir;

    @Option(names = "--watchdog-device", paramLabel = "PATH",
            description = "Linux hardware watchdog to feed while the loop is healthy, e.g. /dev/watchdog.")
    Path watchdogDevice;

    @Option(names = "--mock-platform", description = "Pi4J's mock platform instead of the board's GPIO: "
            + "for tests and demonstrations only; nothing is driven.")
    boolean mockPlatform;

    @Option(names = "--rt-priority", paramLabel = "P",
            description = "SCHED_FIFO priority of the loop thread, 0 = normal scheduling (default ${DEFAULT-VALUE}).")
    int rtPriority = 80;

    @Option(names = "--cpu", paramLabel = "N", description = "CPU to pin the loop thread to, -1 = none (default ${DEFAULT-VALUE}).")
    int cpu = -1;

    @Option(names = "--status-every", paramLabel = "S", description = "Print a status line every S seconds (default ${DEFAULT-VALUE}; 0: never).")
    int statusEvery = 5;

    @Override
    public Integer call() throws Exception {
        DeviceConfig cfg;
        try {
            cfg = ConfigLoader.load(config);
        } catch (ConfigException e) {
            System.err.println("run: " + e.getMessage());
            return 2;
        }
        Path data = dataDir != null ? dataDir : cfg.storage().dataPath();
        Context context = mockPlatform ? mockContext() : Pi4J.newAutoContext();
        GunService service;
        try {
            service = GunService.start(cfg, context, new GunService.Options(data, watchdogDevice, mockPlatform, rtPriority, cpu),
                    System.out);
        } catch (IllegalStateException e) {
            System.err.println("run: " + e.getMessage());
            context.shutdown();
            return 3;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("SIGTERM: stopping");
            service.close();
            System.out.println("outputs: " + service.hardware().describeOutputs());
            context.shutdown();
            stopped.countDown();
        }, "mesogun-shutdown"));
        while (true) {
            if (statusEvery > 0) {
                Thread.sleep(statusEvery * 1000L);
                System.out.println(service.status());
            } else {
                stopped.await();
                return 0;
            }
        }
    }

    /** The mock platform with the providers added explicitly (autoDetectMockPlugins alone loads nothing). */
    static Context mockContext() {
        return Pi4J.newContextBuilder().add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
                        MockPwmProvider.newInstance())
                .build();
    }
}
