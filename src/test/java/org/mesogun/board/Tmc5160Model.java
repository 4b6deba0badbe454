package org.mesogun.board;

import static org.mesogun.board.tmc.Tmc5160Registers.*;

import java.util.ArrayList;
import java.util.List;
import org.mesogun.board.tmc.Tmc5160Units;

/**
 * A register-level model of a TMC5160 for tests: the registers, the 40-bit datagrams with the
 * pipelined read (each datagram shifts out the status byte and the data latched by the previous
 * one; a write's answer mirrors the written data), write-only registers that read 0, and a ramp
 * generator integrated in simulated time by {@link #advance(long)} — so a test checks the motion
 * the chip would make, not the bytes the axis sent.
 *
 * <p>The power stage is on only with DRV_ENN low and CHOPCONF.TOFF non-zero; the motor follows the
 * ramp generator only then (otherwise the lead screw holds it and the counter runs alone).
 * Observations (peak speed, peak acceleration, the speed at which a move ended on its target) are
 * kept for the tests to check against the limits in force.
 */
final class Tmc5160Model {

    /** Integration step of the ramp generator (the chip updates far more often; 10 µs suffices). */
    private static final double H = 10e-6;

    private final Tmc5160Units units;
    private final int[] regs = new int[128];
    private int pending;
    private int gstat = GSTAT_RESET;        // set at power-up
    private double x;                        // µsteps
    private double v;                        // µsteps/s
    private long motor;                      // where the motor really is, µsteps
    private long lastCounted;
    private boolean ennPinLow;               // DRV_ENN pin level low = power stage allowed
    private boolean driverError;
    private boolean disconnected;
    private double carryNanos;
    private final List<int[]> writes = new ArrayList<>();
    private int datagrams;

    // Observations since resetObservations().
    private double peakSpeed;
    private double peakAccel;
    private double peakArrivalSpeed;
    private long stepsWhileUnpowered;

    Tmc5160Model(int fclkHz) {
        this.units = new Tmc5160Units(fclkHz);
    }

    Tmc5160Units units() {
        return units;
    }

    // ---- the SPI side ----

    /** One 40-bit datagram, as the chip sees it. */
    synchronized void transfer(byte[] out, int outOffset, byte[] in, int inOffset) {
        datagrams++;
        if (disconnected) {
            for (int i = 0; i < 5; i++) {
                in[inOffset + i] = 0;
            }
            return;
        }
        int address = out[outOffset] & 0x7F;
        boolean write = (out[outOffset] & WRITE) != 0;
        int data = (out[outOffset + 1] & 0xFF) << 24 | (out[outOffset + 2] & 0xFF) << 16
                | (out[outOffset + 3] & 0xFF) << 8 | (out[outOffset + 4] & 0xFF);
        in[inOffset] = (byte) status();
        in[inOffset + 1] = (byte) (pending >>> 24);
        in[inOffset + 2] = (byte) (pending >>> 16);
        in[inOffset + 3] = (byte) (pending >>> 8);
        in[inOffset + 4] = (byte) pending;
        if (write) {
            writeRegister(address, data);
            writes.add(new int[] {address, data});
            pending = data;
        } else {
            pending = readRegister(address);
        }
    }

    private int status() {
        int s = 0;
        if ((gstat & GSTAT_RESET) != 0) {
            s |= STATUS_RESET_FLAG;
        }
        if (driverError) {
            s |= STATUS_DRIVER_ERROR;
        }
        if (v == 0) {
            s |= STATUS_STANDSTILL;
        }
        int ramp = rampStat();
        if ((ramp & RAMP_VELOCITY_REACHED) != 0) {
            s |= STATUS_VELOCITY_REACHED;
        }
        if ((ramp & RAMP_POSITION_REACHED) != 0) {
            s |= STATUS_POSITION_REACHED;
        }
        return s;
    }

    private void writeRegister(int address, int data) {
        switch (address) {
            case GSTAT -> gstat &= ~data;                // write 1 to clear
            case XACTUAL -> {
                x = data;
                lastCounted = data;                      // a redefinition, not a motion
            }
            case VACTUAL, RAMP_STAT, DRV_STATUS -> { }   // read-only (RAMP_STAT events: not modelled)
            default -> regs[address] = data;
        }
    }

    private int readRegister(int address) {
        return switch (address) {
            case GCONF, CHOPCONF, RAMPMODE, XTARGET -> regs[address];
            case GSTAT -> gstat;
            case XACTUAL -> xactual();
            case VACTUAL -> vactual() & 0xFFFFFF;
            case RAMP_STAT -> rampStat();
            case DRV_STATUS -> (v == 0 ? DRV_STST : 0) | (driverError ? DRV_S2GA : 0);
            default -> 0;                                // write-only registers read 0
        };
    }

    private int xactual() {
        return (int) Math.round(x);
    }

    private int vactual() {
        return (int) Math.round(v * 0x1p24 / units.fclkHz());
    }

    private int rampStat() {
        int s = 0;
        if (v == 0) {
            s |= RAMP_VZERO;
        }
        int mode = regs[RAMPMODE] & 3;
        double target = mode == MODE_VELOCITY_NEG ? -vmax() : mode == MODE_HOLD ? v : vmax();
        if (mode == MODE_POSITION ? (v == 0 || Math.abs(v) == vmax()) : v == target) {
            s |= RAMP_VELOCITY_REACHED;
        }
        if (mode == MODE_POSITION && v == 0 && xactual() == regs[XTARGET]) {
            s |= RAMP_POSITION_REACHED;
        }
        return s;
    }

    // ---- the ramp generator ----

    /** Runs the ramp generator for {@code nanos} of simulated time. */
    synchronized void advance(long nanos) {
        carryNanos += nanos;
        while (carryNanos >= H * 1e9) {
            carryNanos -= H * 1e9;
            step();
        }
    }

    private void step() {
        int mode = regs[RAMPMODE] & 3;
        double before = v;
        boolean arrived = false;
        if (mode == MODE_POSITION) {
            arrived = positionStep();
        } else if (mode != MODE_HOLD) {
            double want = mode == MODE_VELOCITY_POS ? vmax() : -vmax();
            v = towards(v, want, accel(AMAX) * H);
            x += v * H;
        } else {
            x += v * H;
        }
        if (!arrived) {
            peakAccel = Math.max(peakAccel, Math.abs(v - before) / H);
        }
        peakSpeed = Math.max(peakSpeed, Math.abs(v));
        long counted = xactual();
        long delta = counted - lastCounted;
        lastCounted = counted;
        if (powered()) {
            motor += delta;
        } else {
            stepsWhileUnpowered += Math.abs(delta);    // the lead screw holds the motor
        }
    }

    /** Positioning: trapezoid to XTARGET; reverses only after stopping. Returns true on arrival. */
    private boolean positionStep() {
        double target = regs[XTARGET];
        double d = target - x;
        if (d == 0 && v == 0) {
            return false;
        }
        double s = Math.signum(d);
        double speed = Math.abs(v);
        boolean slow = v1() > 0 && speed < v1();
        double dec = slow ? accel(D1) : accel(DMAX);
        double acc = slow ? accel(A1) : accel(AMAX);
        if (v != 0 && Math.signum(v) != s) {
            v = towards(v, 0, dec * H);                       // wrong way: stop first
        } else if (speed * speed / (2 * dec) + 1.5 * speed * H >= Math.abs(d)) {
            // The stopping distance of this discrete ramp (Σ v·H over the steps) plus one step.
            v = s * Math.max(0, speed - dec * H);             // brake for the target
            if (v == 0 && Math.abs(d) > 0) {
                v = s * Math.min(acc * H, Math.abs(d) / H);   // braked early: creep on
            }
        } else if (speed < vmax()) {
            v = s * Math.min(vmax(), Math.max(speed + acc * H, vstart()));
        } else {
            v = s * Math.max(vmax(), speed - dec * H);
        }
        double next = x + v * H;
        if (v != 0 && Math.signum(target - next) != Math.signum(v)) {
            // On (or across) the target: the chip ends the ramp exactly on XTARGET.
            peakArrivalSpeed = Math.max(peakArrivalSpeed, Math.abs(v));
            x = target;
            v = 0;
            return true;
        }
        x = next;
        return false;
    }

    private static double towards(double from, double to, double by) {
        return from < to ? Math.min(to, from + by) : Math.max(to, from - by);
    }

    private double vmax() {
        return units.velocityOf(regs[VMAX] & 0x7FFFFF);
    }

    private double v1() {
        return units.velocityOf(regs[V1] & 0xFFFFF);
    }

    private double vstart() {
        return units.velocityOf(regs[VSTART] & 0x3FFFF);
    }

    private double accel(int register) {
        return units.accelerationOf(regs[register] & 0xFFFF);
    }

    // ---- the test's handles ----

    synchronized boolean powered() {
        return ennPinLow && (regs[CHOPCONF] & CHOPCONF_TOFF_MASK) != 0;
    }

    /** The DRV_ENN pin's level, as the board's wiring drives it. */
    synchronized void ennPin(boolean low) {
        ennPinLow = low;
    }

    synchronized long motor() {
        return motor;
    }

    synchronized int register(int address) {
        return address == XACTUAL ? xactual() : address == VACTUAL ? vactual() : regs[address];
    }

    synchronized double speed() {
        return Math.abs(v);
    }

    synchronized double peakSpeed() {
        return peakSpeed;
    }

    synchronized double peakAccel() {
        return peakAccel;
    }

    synchronized double peakArrivalSpeed() {
        return peakArrivalSpeed;
    }

    synchronized long stepsWhileUnpowered() {
        return stepsWhileUnpowered;
    }

    synchronized void resetObservations() {
        peakSpeed = 0;
        peakAccel = 0;
        peakArrivalSpeed = 0;
        stepsWhileUnpowered = 0;
        writes.clear();
        datagrams = 0;
    }

    /** (address, value) of every write since the last reset of observations. */
    synchronized List<int[]> writes() {
        return List.copyOf(writes);
    }

    synchronized int datagrams() {
        return datagrams;
    }

    /** A supply glitch: registers back to 0, the reset flag set, the counter at 0. */
    synchronized void powerCycle() {
        java.util.Arrays.fill(regs, 0);
        gstat = GSTAT_RESET;
        x = 0;
        v = 0;
        lastCounted = 0;
        pending = 0;
    }

    synchronized void driverError(boolean on) {
        driverError = on;
    }

    /** No chip on the bus: every datagram reads back zeros. */
    synchronized void disconnect() {
        disconnected = true;
    }

    /** Runs until the ramp generator stands still, at most {@code maxNanos}; returns the time taken. */
    long runUntilStill(long maxNanos) {
        long step = 100_000;
        long t = 0;
        do {
            advance(step);
            t += step;
        } while (speed() != 0 && t < maxNanos);
        return t;
    }
}
