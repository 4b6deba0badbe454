package org.mesogun.simulator;

import org.mesogun.hal.MotionProfile;

/** A test bench: a simulated gun, its clock, and the few moves a test needs. */
final class SimRig {

    static final MotionProfile NOMINAL = new MotionProfile(40_000, 2_000_000);
    static final MotionProfile HOMING = new MotionProfile(4_000, 2_000_000);

    final VirtualClock clock = new VirtualClock(0);
    final SimulatedGun gun;

    SimRig(SimSpec spec) {
        gun = new SimulatedGun(spec, clock);
    }

    SimRig() {
        this(SimSpec.defaults(1));
    }

    /** Advances virtual time in 1 ms ticks. */
    void runMs(long ms) {
        for (long i = 0; i < ms; i++) {
            clock.advance(1_000_000);
            gun.advanceTo(clock.nanoTime());
        }
    }

    /** Runs until the axis stops (or a timeout in ms passes). */
    void runUntilStopped(long timeoutMs) {
        for (long i = 0; i < timeoutMs && gun.axis().isMoving(); i++) {
            runMs(1);
        }
    }

    /** Homes as a controller would: back off slowly until the home switch, then call it 0. */
    void home() {
        gun.axis().enable(true);
        gun.axis().moveTo(gun.axis().position() - 100_000, HOMING);
        for (int i = 0; i < 20_000 && !gun.homeSwitch().isActive(); i++) {
            runMs(1);
        }
        gun.axis().halt();
        gun.axis().setPosition(0);
    }

    /** Moves to an absolute position in nominal steps and waits for the move to finish. */
    void moveTo(long steps, MotionProfile profile) {
        gun.axis().moveTo(steps, profile);
        runUntilStopped(10_000);
        runMs(1);
    }

    /** Opens the valve for {@code micros}, dead-man armed, and waits for the product to stop. */
    double shot(long micros) {
        double before = gun.truth().deliveredUl();
        gun.valve().armDeadman();
        gun.valve().pulse(micros);
        runMs(micros / 1000 + 10);
        return gun.truth().deliveredUl() - before;
    }
}
