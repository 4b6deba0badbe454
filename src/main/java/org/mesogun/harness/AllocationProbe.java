package org.mesogun.harness;

import java.lang.management.ManagementFactory;
import org.mesogun.config.Calibration;
import org.mesogun.config.DeviceConfig;
import org.mesogun.controller.Controller;
import org.mesogun.controller.ControllerSettings;
import org.mesogun.controller.LiveController;
import org.mesogun.controller.State;
import org.mesogun.app.Gun;
import org.mesogun.simulator.SimSpec;
import org.mesogun.simulator.SimulatedGun;
import org.mesogun.simulator.VirtualClock;

/**
 * Measures what the loop allocates (requirements §5, §11): a nappage session fires on and on (insert,
 * settle, dose, dwell, retract, the panel updated after every point) and the bytes the thread
 * allocates inside {@code Controller.tick} are summed per window of ticks. The simulator and the
 * simulated clinician may allocate; they are outside the measurement.
 */
public final class AllocationProbe {

    /** Bytes allocated in each window measured, and the shots fired in the last one. */
    public record Result(long[] windowBytes, int ticksPerWindow, int shotsInLastWindow, State state) {
        public boolean anyWindowClean() {
            for (long b : windowBytes) {
                if (b == 0) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final LiveController live;
    private final SimulatedGun gun;
    private final VirtualClock clock;

    public AllocationProbe(DeviceConfig cfg, long seed) {
        SimSpec spec = SimSpec.defaults(seed);
        Calibration cal = FactoryCalibration.measure(spec);
        clock = new VirtualClock(0);
        gun = new SimulatedGun(spec, clock);
        // The service's own assembly, ticked by hand: what is measured is the loop's tick.
        Gun assembled;
        try {
            assembled = Gun.on(cfg, gun).calibration(cal).adjust(x -> x.withPunctureLimit(10_000)).build();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);   // in-memory parts only
        }
        live = assembled.live();
        ControllerSettings s = assembled.settings();
        // The smallest shots the profile's sensor verifies (5 µL), so the syringe lasts through
        // warm-up and every window.
        Clinician clinician = new Clinician(gun, Scenario.defaults().withProtocol("face-nappage").withDose(5)
                .withPoints(100_000), true);
        while (live.current().machine().state() != State.ARMED && clock.nanoTime() < 120_000_000_000L) {
            clock.advance(s.periodNanos());
            gun.advanceTo(clock.nanoTime());
            clinician.act(clock.nanoTime());
            live.tick(clock.nanoTime());
        }
        if (live.current().machine().state() != State.ARMED) {
            throw new IllegalStateException("the simulated clinician could not start a session: "
                    + gun.panelText());
        }
        gun.setSkinContact(true);
    }

    /**
     * Warms up (the JIT's deoptimisations re-materialise scalar-replaced objects once in a while
     * early on), then measures up to {@code windows} windows, stopping at the first clean one: a
     * one-off JIT event may land in a window; anything the code allocates shows in every one.
     */
    public Result run(int warmUpTicks, int ticksPerWindow, int windows) {
        measure(warmUpTicks);
        long[] bytes = new long[windows];
        int shots = 0;
        int used = 0;
        for (int w = 0; w < windows; w++) {
            int before = live.current().machine().points();
            bytes[w] = measure(ticksPerWindow);
            shots = live.current().machine().points() - before;
            used = w + 1;
            if (bytes[w] == 0) {
                break;
            }
        }
        return new Result(java.util.Arrays.copyOf(bytes, used), ticksPerWindow, shots, live.current().machine().state());
    }

    /** One tick of the firing session, as {@link #run} measures it (for JMH). */
    public void tickOnce(long i) {
        gun.pressTrigger(i % 10_000 < 9_700);
        clock.advance(1_000_000);
        gun.advanceTo(clock.nanoTime());
        live.tick(clock.nanoTime());
    }

    public Controller controller() {
        return live.current();
    }

    private long measure(int ticks) {
        long tid = Thread.currentThread().getId();
        long overhead = measuringCost(tid);
        long total = 0;
        for (int i = 0; i < ticks; i++) {
            // Passes of 10 s with the trigger let go for 0.3 s between them (held on, it is stuck).
            gun.pressTrigger(i % 10_000 < 9_700);
            clock.advance(1_000_000);
            gun.advanceTo(clock.nanoTime());
            long before = MX.getThreadAllocatedBytes(tid);
            live.tick(clock.nanoTime());
            total += MX.getThreadAllocatedBytes(tid) - before - overhead;
        }
        return total;
    }

    private static long measuringCost(long tid) {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 1000; i++) {
            long before = MX.getThreadAllocatedBytes(tid);
            min = Math.min(min, MX.getThreadAllocatedBytes(tid) - before);
        }
        return min;
    }
}
