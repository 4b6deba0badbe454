package org.mesogun.harness;

import org.mesogun.app.Gun;
import org.mesogun.app.GunParts;
import org.mesogun.config.DeviceConfig;
import org.mesogun.config.Mode;
import org.mesogun.config.Protocol;
import org.mesogun.controller.EventSink;
import org.mesogun.simulator.SimSpec;
import org.mesogun.simulator.SimulatedGun;
import org.mesogun.simulator.VirtualClock;

/**
 * {@code device.board: simulator} for {@code run}: the simulated gun in real time, with the
 * simulated clinician of a scenario pressing the buttons, or nobody (the gun waits on the bench
 * with a syringe in, as a real one would, for a technician or a clinician who never comes). The
 * rest of the gun is what the board has: the {@link Gun} the caller assembles from {@link #parts}.
 */
public final class SimulatedBoard {

    private final SimulatedGun gun;
    private final SimulatedWorld world;
    private final Clinician clinician;

    private SimulatedBoard(SimulatedGun gun, SimulatedWorld world, Clinician clinician) {
        this.gun = gun;
        this.world = world;
        this.clinician = clinician;
    }

    /**
     * @param scenario the simulated clinician's plan, or null for nobody at the trigger
     * @param seed     the simulator's seed (its true hardware)
     */
    public static SimulatedBoard create(DeviceConfig cfg, Scenario scenario, long seed) {
        // Compile the hot paths first: an interpreted first second would stall the loop past the
        // watchdog (LOOP_STALLED), as in a real-time simulate.
        new SimulationRun(cfg, Scenario.defaults().withPoints(20).withSeed(seed), null, EventSink.NONE, false).run();
        SimSpec spec = SimSpec.builder().seed(seed)
                .plunger(cfg.plunger().present(), cfg.plunger().resolutionUm(), 2.0).build();
        VirtualClock clock = new VirtualClock(0);
        SimulatedGun gun = new SimulatedGun(spec, clock);
        Clinician clinician = null;
        if (scenario != null) {
            Protocol p = cfg.protocol(scenario.protocol()).orElseThrow(() -> new IllegalArgumentException(
                    "no protocol '" + scenario.protocol() + "' in the device profile"));
            clinician = new Clinician(gun, scenario, p.mode() == Mode.NAPPAGE);
        } else {
            gun.loadSyringe(spec.syringeVolumeUl);
        }
        SimulatedWorld world = new SimulatedWorld(clock, gun, clinician, null, cfg.loop().periodNanos(),
                Long.MAX_VALUE, true).runsOn();
        return new SimulatedBoard(gun, world, clinician);
    }

    /** The gun's parts on this board; the caller adds data directory, console, telemetry. */
    public GunParts parts(DeviceConfig cfg) {
        return Gun.on(cfg, gun).world(world).closeHardware(gun::close);
    }

    public SimulatedWorld world() {
        return world;
    }

    public SimSpec spec() {
        return gun.spec();
    }

    /** True when the scenario's clinician is done (never without one). */
    public boolean finished() {
        return clinician != null && clinician.finished();
    }

    /** The clinician's notes (what it did, what it saw), or none. */
    public java.util.List<String> notes() {
        return clinician == null ? java.util.List.of() : clinician.notes();
    }
}
