package org.mesogun.harness;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.mesogun.app.World;
import org.mesogun.controller.Controller;
import org.mesogun.controller.State;
import org.mesogun.controller.safety.FaultCode;
import org.mesogun.simulator.SimTruth;
import org.mesogun.simulator.SimulatedGun;
import org.mesogun.simulator.VirtualClock;

/**
 * The simulated gun's surroundings, around each controller tick: the virtual clock follows the
 * loop's time (in real time, the wall clock from the first tick on), the physics advance to it,
 * the simulated clinician (if any) acts, and an injected loop pause holds the controller. In
 * virtual time the pause skips ticks; in real time the loop thread really stops, so the watchdog
 * has something to catch. Without a clinician the gun waits on the bench for a technician, as a
 * real one would, and never finishes.
 */
public final class SimulatedWorld implements World {

    private final VirtualClock clock;
    private final SimulatedGun gun;
    private final Clinician clinician;
    private final RunRecorder rec;
    private final long period;
    private final long maxVirtual;
    private final boolean realTime;
    private final FaultWatch watch = new FaultWatch();
    private final Object lock = new Object();
    private long ticks;
    private long missed;
    private long pausedUntil = -1;
    private long wallStart = -1;
    private long lastStatus;
    private Controller last;
    private volatile String status;
    private volatile boolean done;
    private boolean endsWhenDone = true;
    private SimulationRun.TickTap tap;

    /**
     * @param clinician who presses the buttons, or null for nobody (a gun on the bench)
     * @param rec       the run's recorded events (the points, for the status line), or null
     * @param maxVirtual a run that makes no headway ends at this virtual time
     */
    public SimulatedWorld(VirtualClock clock, SimulatedGun gun, Clinician clinician, RunRecorder rec, long period,
            long maxVirtual, boolean realTime) {
        this.clock = clock;
        this.gun = gun;
        this.clinician = clinician;
        this.rec = rec;
        this.period = period;
        this.maxVirtual = maxVirtual;
        this.realTime = realTime;
    }

    /** Sees every controller tick (a trace). */
    SimulatedWorld tap(SimulationRun.TickTap t) {
        this.tap = t;
        return this;
    }

    /** The service's world: the controller keeps ticking after the clinician is done (a gun stays on). */
    SimulatedWorld runsOn() {
        endsWhenDone = false;
        return this;
    }

    @Override
    public long before(long loopNanos) {
        if (done && endsWhenDone) {
            return -1;
        }
        synchronized (lock) {
            long now;
            if (realTime) {
                if (wallStart < 0) {
                    wallStart = loopNanos - clock.nanoTime();
                }
                now = Math.max(clock.nanoTime() + 1, loopNanos - wallStart);
                clock.advance(now - clock.nanoTime());
            } else {
                clock.advance(loopNanos - clock.nanoTime());
                now = loopNanos;
            }
            gun.advanceTo(now);
            if (clinician != null) {
                clinician.act(now);
            }
            long pause = gun.takeLoopPauseNanos();
            if (pause > 0) {
                watch.injected(now, "loop-pause", point());
                if (realTime) {
                    sleep(pause);   // a real stall: the watchdog must catch it
                } else {
                    pausedUntil = now + pause;
                }
            }
            if (clinician != null) {
                watch.observe(clinician.notes(), now, point());
            }
            if (now < pausedUntil) {
                missed++;
                finish(now);
                return -1;
            }
            return now;
        }
    }

    private SafetyJudge judge;

    /** The judge also watches the axis before homing, tick by tick (SR-1). */
    SimulatedWorld judge(SafetyJudge j) {
        this.judge = j;
        return this;
    }

    @Override
    public void after(long now, Controller c) {
        if (judge != null) {
            judge.tick(now, c.monitor().homed());
        }
        if (tap != null) {
            tap.tick(now, c);
        }
        last = c;
        ticks++;
        watch.afterTick(now, period, c, gun);
        finish(now);
    }

    private void finish(long now) {
        if (now - lastStatus >= 1_000_000_000L && last != null) {
            lastStatus = now;
            status = statusLine(now, last);
        }
        done = clinician != null && clinician.finished() || !gun.powered() || now >= maxVirtual;
    }

    private int point() {
        return (rec == null ? 0 : rec.points.size()) + 1;
    }

    @Override
    public boolean done() {
        return done && endsWhenDone;
    }

    /** The clinician has finished (or the power went), whether or not the gun keeps ticking. */
    public boolean finished() {
        return done;
    }

    /**
     * A bench measurement on the simulated gun's true state (the ruler at the tip, the scale under
     * the cup), taken between two ticks.
     */
    public double measure(ToDoubleFunction<SimTruth> what) {
        synchronized (lock) {
            return what.applyAsDouble(gun.truth());
        }
    }

    /** The status line of the last second, once. */
    public String takeStatus() {
        String s = status;
        status = null;
        return s;
    }

    /** Controller ticks run, and ticks an injected pause held. */
    public long ticks() {
        return ticks;
    }

    public long missed() {
        return missed;
    }

    public long virtualNanos() {
        return clock.nanoTime();
    }

    public List<SimulationRun.FaultTiming> faultTimings() {
        watch.end(gun.powered());
        return watch.timings();
    }

    /** One status line, as the run prints it every second. */
    public String statusLine(long now, Controller c) {
        State st = c.machine().state();
        FaultCode f = c.monitor().latched();
        return String.format(java.util.Locale.ROOT,
                "t=%7.1fs  %-8s points %4d  needle #%d %3d/%d  reservoir %6.2f mL  dose gain %.3f%s",
                now / 1e9, st, point() - 1, c.monitor().needle().needleSerial(),
                c.monitor().needle().punctures(), c.monitor().needle().punctureLimit(),
                c.monitor().plunger().remainingUl() / 1000, c.machine().doseGain(),
                f != null ? "  ALARM " + f.code() + " " + f.name() : "");
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
