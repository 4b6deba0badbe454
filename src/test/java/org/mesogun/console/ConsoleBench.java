package org.mesogun.console;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.mesogun.config.AccountFixtures;
import org.mesogun.config.AccountStore;
import org.mesogun.config.CalibrationLoad;
import org.mesogun.config.CalibrationStore;
import org.mesogun.config.ConfigLoader;
import org.mesogun.config.DeviceConfig;
import org.mesogun.controller.Controller;
import org.mesogun.controller.EventSink;
import org.mesogun.controller.LiveController;
import org.mesogun.controller.ServiceMailbox;
import org.mesogun.controller.SettingsFactory;
import org.mesogun.controller.State;
import org.mesogun.controller.safety.NeedleCounters;
import org.mesogun.simulator.SimSpec;
import org.mesogun.simulator.SimulatedGun;
import org.mesogun.simulator.VirtualClock;

/**
 * The console on the simulated gun, in one thread on virtual time: a line goes in, the loop is
 * ticked (1 ms a tick) until the console has answered, the reply lines come back. Deterministic.
 * The gun's world (syringe in, needle fitted, off the skin) is what a technician has on the bench;
 * its true steps/mm and flow are the simulator's defaults, 7 % and 6 % off nominal.
 */
final class ConsoleBench {

    static final long TICK = 1_000_000L;

    /** Just the default profile. */
    static final class Config {
        final DeviceConfig config = ConfigLoader.load(Path.of("config"));
    }

    final DeviceConfig config = ConfigLoader.load(Path.of("config"));
    final Path dataDir;
    final VirtualClock clock = new VirtualClock(0);
    final SimulatedGun gun;
    final NeedleCounters counters = NeedleCounters.inMemory();
    final ServiceMailbox mailbox = new ServiceMailbox();
    final LiveController live;
    final AccountStore accounts;
    final AuditLog audit;
    final List<AuditRecord> published = new ArrayList<>();
    final CalibrationStore store;
    final CalibrationLoad load;
    final ConsoleEngine engine;
    final List<String> output = new ArrayList<>();

    /**
     * The largest steps/mm error a technician can calibrate: SR-1 rejects more than ±5 %, while
     * the simulator's default is +7 % (see docs/console.md, "A conflict in the spec").
     */
    static final double CALIBRATABLE_STEPS_PER_MM = 419;

    ConsoleBench(Path dataDir, long seed) throws IOException {
        this(dataDir, SimSpec.builder().seed(seed).trueStepsPerMm(CALIBRATABLE_STEPS_PER_MM).build());
    }

    ConsoleBench(Path dataDir, SimSpec spec) throws IOException {
        this.dataDir = dataDir;
        this.gun = new SimulatedGun(spec, clock);
        gun.loadSyringe(gun.spec().syringeVolumeUl);
        this.store = new CalibrationStore(dataDir, config);
        this.load = store.load();
        this.live = new LiveController(controller(load.calibration(), load.armable(), load.reason(), false), mailbox);
        this.accounts = AccountFixtures.fast(dataDir);
        this.audit = new AuditLog(dataDir, published::add);
        this.engine = new ConsoleEngine(config, store, load.calibration(), load.armable(), load.reason(), accounts,
                audit, live, this::successor,
                Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC), clock::nanoTime, output::add);
    }

    Controller controller(org.mesogun.config.Calibration c, boolean valid, String why, boolean successor) {
        return new Controller(gun, SettingsFactory.from(config, c, valid, why), counters, EventSink.NONE, mailbox,
                successor);
    }

    /** The controller a SAVE hands over: armable only with its depth checked, as on the gun. */
    Controller successor(org.mesogun.config.Calibration c) {
        return new Controller(gun, SettingsFactory.fromSaved(config, c), counters, EventSink.NONE, mailbox, true);
    }

    void tick() {
        clock.advance(TICK);
        gun.advanceTo(clock.nanoTime());
        live.tick(clock.nanoTime());
        engine.poll();
    }

    void run(long ms) {
        for (long i = 0; i < ms; i++) {
            tick();
        }
    }

    /** Ticks until the state is reached (bounded). */
    void until(State s, long maxMs) {
        for (long i = 0; i < maxMs && live.state() != s; i++) {
            tick();
        }
        if (live.state() != s) {
            throw new AssertionError("state " + live.state() + " after " + maxMs + " ms, not " + s);
        }
    }

    /** Sends raw bytes and ticks until the console is idle; returns what it answered. */
    List<String> raw(byte[] bytes) {
        int from = output.size();
        engine.receive(bytes, bytes.length);
        engine.poll();
        for (int i = 0; i < 120_000 && !engine.idle(); i++) {
            tick();
        }
        return new ArrayList<>(output.subList(from, output.size()));
    }

    List<String> send(String line) {
        return raw((line + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** The last line of a reply: ok or error:N. */
    static String last(List<String> reply) {
        return reply.isEmpty() ? "" : reply.get(reply.size() - 1);
    }

    String ok(String line) {
        List<String> r = send(line);
        if (!last(r).equals("ok")) {
            throw new AssertionError(line + " -> " + r);
        }
        return String.join("\n", r);
    }
}
