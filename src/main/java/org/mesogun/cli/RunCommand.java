package org.mesogun.cli;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mesogun.app.Gun;
import org.mesogun.app.GunParts;
import org.mesogun.app.GunService;
import org.mesogun.app.Startup;
import org.mesogun.config.Board;
import org.mesogun.config.ConfigException;
import org.mesogun.config.ConfigLoader;
import org.mesogun.config.DeviceConfig;
import org.mesogun.config.MqttConfig;
import org.mesogun.harness.Scenario;
import org.mesogun.harness.ScenarioLoader;
import org.mesogun.harness.SimulatedBoard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The gun service: the whole product on the board the profile names ({@code device.board}): Pi4J
 * GPIO, Pi4J's mock platform ({@code --mock-platform}), or the simulated gun in real time. Every
 * board gets the same assembly (the composition root, {@code app.Gun}): loop, console, telemetry.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the gun service: the loop, the technician console on serial.port (on the simulated "
                + "board: a pseudo-terminal, path printed) and telemetry to mqtt.broker. The board is the profile's "
                + "device.board (simulator | pi4j). Stops cleanly on SIGTERM: the shot in progress ends, the session "
                + "ends, the needle is parked, the valve and the stepper are switched off.", ""})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "DIR", description = "Device profile (default ${DEFAULT-VALUE}).")
    Path config = Path.of("config");

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Calibration, accounts, needle counters, audit log, journal (default: the profile's storage.data_dir).")
    Path dataDir;

    @Option(names = "--watchdog-device", paramLabel = "PATH",
            description = "Linux hardware watchdog to feed while the loop is healthy, e.g. /dev/watchdog.")
    Path watchdogDevice;

    @Option(names = "--mock-platform", description = "Pi4J's mock platform instead of the board's GPIO: "
            + "for tests and demonstrations only; nothing is driven.")
    boolean mockPlatform;

    @Option(names = "--scenario", paramLabel = "FILE", description = "On the simulated board: the simulated "
            + "clinician's scenario (config/scenarios/); without it nobody presses the trigger.")
    Path scenarioFile;

    @Option(names = "--seed", paramLabel = "N", description = "On the simulated board: the simulator's seed (default: the scenario's, else 1).")
    Long seed;

    @Option(names = "--broker", paramLabel = "URI|none",
            description = "MQTT broker in place of the profile's mqtt.broker (tcp://host:port, ssl://host:port, "
                    + "embedded, or none: journal only).")
    String broker;

    @Option(names = "--serial-port", paramLabel = "PATH|none",
            description = "The technician console's port in place of the profile's serial.port (none: no console; "
                    + "on the simulated board the default is a new pseudo-terminal).")
    String serialPort;

    @Option(names = "--rt-priority", paramLabel = "P",
            description = "SCHED_FIFO priority of the loop thread, 0 = normal scheduling (default: 80 on the board, "
                    + "0 on the mock platform and the simulated board).")
    Integer rtPriority;

    @Option(names = "--cpu", paramLabel = "N", description = "CPU to pin the loop thread to, -1 = none (default ${DEFAULT-VALUE}).")
    int cpu = -1;

    @Option(names = "--measure-pauses", description = "Measure the JVM's stop-the-world pauses (flight recorder) "
            + "and print the longest at stop (bench uses it).")
    boolean measurePauses;

    @Option(names = "--status-every", paramLabel = "S", description = "Print a status line every S seconds (default ${DEFAULT-VALUE}; 0: never).")
    int statusEvery = 5;

    @Override
    public Integer call() throws Exception {
        DeviceConfig cfg;
        Scenario scenario = null;
        try {
            cfg = ConfigLoader.load(config);
            if (scenarioFile != null) {
                scenario = ScenarioLoader.load(scenarioFile);
            }
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("run: " + e.getMessage());
            return 2;
        }
        if (broker != null && !MqttConfig.NONE.equals(broker) && !MqttConfig.EMBEDDED.equals(broker)
                && MqttConfig.brokerProblemOf(broker) != null) {
            System.err.println("run: --broker " + MqttConfig.brokerProblemOf(broker));
            return 2;
        }
        Path data = dataDir != null ? dataDir : cfg.storage().dataPath(config);
        boolean simulated = !mockPlatform && cfg.device().board() == Board.SIMULATOR;
        if (scenario != null && !simulated) {
            System.err.println("run: --scenario needs the simulated board (device.board: simulator)");
            return 2;
        }
        org.mesogun.app.PauseWatch pauses = measurePauses ? new org.mesogun.app.PauseWatch() : null;
        AutoCloseable service;
        java.util.function.Supplier<String> status;
        Context context = null;
        try {
            if (simulated) {
                Gun gun = startSimulated(cfg, scenario, data);
                service = gun;
                status = gun::status;
            } else {
                context = mockPlatform ? mockContext() : Pi4J.newAutoContext();
                int prio = rtPriority != null ? rtPriority : mockPlatform ? 0 : 80;
                GunService s = GunService.start(cfg, context, new GunService.Options(data, watchdogDevice,
                        mockPlatform, prio, cpu, config, broker, serialPort, VersionProvider.version()), System.out);
                service = s;
                status = s::status;
            }
        } catch (IllegalStateException | IllegalArgumentException | IOException | ConfigException e) {
            System.err.println("run: " + e.getMessage());
            if (context != null) {
                context.shutdown();
            }
            return 3;
        }
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Context ctx = context;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("SIGTERM: stopping");
            try {
                service.close();
            } catch (Exception e) {
                System.out.println("stop: " + e.getMessage());
            }
            if (service instanceof GunService g) {
                System.out.println("outputs: " + g.hardware().describeOutputs());
            }
            if (ctx != null) {
                ctx.shutdown();
            }
            if (pauses != null) {
                System.out.println(pauses.summary());
                pauses.close();
            }
            System.out.flush();
            stopped.countDown();
        }, "mesogun-shutdown"));
        long lastStatus = System.nanoTime();
        boolean saidFinished = false;
        while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            if (board != null && board.finished() && !saidFinished) {
                saidFinished = true;
                System.out.println("simulated clinician: finished; the gun stays on until stopped");
            }
            if (statusEvery > 0 && System.nanoTime() - lastStatus >= statusEvery * 1_000_000_000L) {
                lastStatus = System.nanoTime();
                System.out.println(status.get());
            }
        }
        return 0;
    }

    private SimulatedBoard board;

    /** {@code device.board: simulator}: the simulated gun in real time, the console on a pty. */
    private Gun startSimulated(DeviceConfig cfg, Scenario scenario, Path data) throws IOException {
        long s = seed != null ? seed : scenario != null ? scenario.seed() : 1;
        board = SimulatedBoard.create(cfg, scenario, s);
        System.out.printf(java.util.Locale.ROOT, "board: simulated gun in real time (seed %d, true %.1f steps/mm), %s%n",
                s, board.spec().trueStepsPerMm, scenario == null ? "nobody at the trigger"
                        : "simulated clinician: " + scenario.protocol() + ", " + scenario.points() + " points");
        GunParts parts = board.parts(cfg).dataDir(data).configDir(config).firmware(VersionProvider.version())
                .telemetry(broker, cfg.mqtt().journalPath(data))
                .realtime(rtPriority == null ? 0 : rtPriority, cpu)
                .watchdogDevice(watchdogDevice)
                .log(System.out::println)
                .audited(r -> System.out.println("audit: " + r.user() + " " + r.what() + ": " + r.oldValue() + " -> "
                        + r.newValue()));
        if (serialPort == null) {
            parts.consoleOnPty(Files.createTempDirectory("mesogun-console"));
        } else if (!"none".equals(serialPort)) {
            parts.consoleOn(serialPort);
        }
        Gun gun = parts.build();
        Startup.report(gun, cfg, System.out);
        gun.start();
        Startup.running(gun, System.out);
        return gun;
    }

    /** The mock platform with the providers added explicitly (autoDetectMockPlugins alone loads nothing). */
    static Context mockContext() {
        return Pi4J.newContextBuilder().add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
                        MockPwmProvider.newInstance())
                .build();
    }
}
