package org.mesogun.board.tmc;

import static org.mesogun.board.tmc.Tmc5160Registers.*;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.util.Arrays;
import org.mesogun.hal.DeviceClosedException;
import org.mesogun.hal.HardwareFaultException;
import org.mesogun.hal.InvalidHardwareSetupException;
import org.mesogun.hal.MotionProfile;
import org.mesogun.hal.NeedleAxis;

/**
 * The needle axis on a TMC5160 motion controller over SPI: the chip's ramp generator executes
 * every move, so no JVM thread times a step, and XACTUAL is read back as the generator's position.
 * Moves use positioning mode (RAMPMODE 0) with a plain trapezoid: V1 = 0 turns the chip's
 * two-segment ramp into one acceleration AMAX (= A1) and one deceleration DMAX (= D1, which must
 * not be 0 in positioning mode even when unused), VSTART 0 and the configured VSTOP.
 *
 * <p>{@link #stop()} switches to velocity mode with VMAX 0, where the chip decelerates with AMAX
 * (set to the last move's acceleration) — the datasheet's way to stop a positioning move.
 * {@link #halt()} does the same at the largest AMAX the chip has (2^16−1): the steepest ramp it
 * can make, ending within v²/(2·a_max) — 47 µsteps from 20 000 µsteps/s at 12 MHz. A ramp, not a
 * jump, because a motor cannot stop a moving carriage in zero time anyway; the driver stays
 * energised so the motor follows the counter and XACTUAL stays true. Cutting the power stage
 * instead would let the counter run on with the motor coasting, and position() would lie.
 *
 * <p>Disabled is the safe state: DRV_ENN inactive <em>and</em> CHOPCONF.TOFF = 0, two independent
 * ways of switching the power stage off (a line that stuck or a lost SPI write alone does not
 * energise the motor), and the ramp generator halted. While disabled, moves are ignored (HAL).
 *
 * <p>Every datagram's status byte is checked: a chip reset (it lost its configuration and
 * position) or a driver error (over-temperature, short) latches a fault, disables the driver and
 * makes later moves throw {@link HardwareFaultException}.
 *
 * <p>Each call is a few SPI datagrams (a read is two); all are serialised on one lock, and nothing
 * of ours allocates per call. Register writes that would not change the value are skipped, so a
 * move with the same profile as the last is three datagrams (XTARGET and the checks).
 */
public final class Tmc5160Axis implements NeedleAxis {

    private final Tmc5160Spi chip;
    private final DigitalOutput enableLine;
    private final boolean enableActiveLow;
    private final Tmc5160Settings settings;
    private final Tmc5160Units units;

    private final Object lock = new Object();
    // Guarded by lock. The last value written to each register, to skip writes that change nothing.
    private final int[] shadow = new int[128];
    private final boolean[] shadowValid = new boolean[128];
    private boolean enabled;
    private boolean closed;
    private long target;
    private MotionProfile lastProfile;
    private int lastVmax;
    private int lastAmax;
    private int lastStopAmax = ACCEL_LIMIT;
    private String fault;

    private Tmc5160Axis(Tmc5160Spi chip, DigitalOutput enableLine, boolean enableActiveLow,
                        Tmc5160Settings settings) {
        this.chip = chip;
        this.enableLine = enableLine;
        this.enableActiveLow = enableActiveLow;
        this.settings = settings;
        this.units = new Tmc5160Units(settings.fclkHz());
    }

    /**
     * Configures the chip with the power stage off and the ramp generator stopped, and checks that
     * a TMC5160 answers (CHOPCONF reads back as written).
     *
     * @param enableLine      the DRV_ENN line, already claimed in its disabled level
     * @param enableActiveLow true when the line is DRV_ENN itself (low = enabled); false when it
     *                        drives DRV_ENN through an inverter (high = enabled), which lets the
     *                        board's pull-down hold the driver off during boot (requirements §2)
     */
    public static Tmc5160Axis create(Tmc5160Spi chip, DigitalOutput enableLine, boolean enableActiveLow,
                                     Tmc5160Settings settings) {
        Tmc5160Axis axis = new Tmc5160Axis(chip, enableLine, enableActiveLow, settings);
        synchronized (axis.lock) {
            axis.driveEnableLine(false);
            axis.configureLocked();
        }
        return axis;
    }

    private void configureLocked() {
        // The reset flag is set after every power-up; clear it, then any later one is a real reset.
        chip.write(GSTAT, GSTAT_ALL);
        chip.write(CHOPCONF, settings.chopconf() & ~CHOPCONF_TOFF_MASK);
        chip.write(GCONF, settings.gconf());
        chip.write(IHOLD_IRUN, settings.iholdIrun());
        haltRampLocked(ACCEL_LIMIT);
        chip.write(VSTART, 0);
        chip.write(VSTOP, settings.vstop());
        int readBack = chip.read(CHOPCONF);
        if (readBack != (settings.chopconf() & ~CHOPCONF_TOFF_MASK)) {
            throw new HardwareFaultException(String.format(
                    "no TMC5160 answering on SPI: CHOPCONF reads 0x%08X, wrote 0x%08X",
                    readBack, settings.chopconf() & ~CHOPCONF_TOFF_MASK));
        }
        if ((chip.lastStatus() & (STATUS_RESET_FLAG | STATUS_DRIVER_ERROR)) != 0) {
            throw new HardwareFaultException(String.format(
                    "TMC5160 reports status 0x%02X after configuration", chip.lastStatus()));
        }
        target = chip.read(XACTUAL);
    }

    public Tmc5160Units units() {
        return units;
    }

    @Override
    public void enable(boolean on) {
        synchronized (lock) {
            if (on) {
                if (closed) {
                    throw new DeviceClosedException("needle axis");
                }
                throwIfFaulted();
                try {
                    writeLocked(CHOPCONF, settings.chopconf());
                } catch (HardwareFaultException e) {
                    throw latched(e);
                }
                checkStatusLocked();
                driveEnableLine(true);
                enabled = true;
            } else {
                disableLocked();
            }
        }
    }

    @Override
    public boolean isEnabled() {
        synchronized (lock) {
            return enabled;
        }
    }

    @Override
    public void moveTo(long targetSteps, MotionProfile profile) {
        if (targetSteps < Integer.MIN_VALUE || targetSteps > Integer.MAX_VALUE) {
            throw new InvalidHardwareSetupException("target " + targetSteps
                    + " is outside the TMC5160's 32-bit position range");
        }
        synchronized (lock) {
            throwIfFaulted();
            if (!enabled || closed) {
                return;
            }
            if (profile != lastProfile) {
                // Converted once per profile: the loop passes the same instance on every move.
                lastVmax = units.vmaxFor(profile.maxRateStepsPerS());
                lastAmax = units.amaxFor(profile.accelStepsPerS2());
                lastProfile = profile;
            }
            int amax = lastAmax;
            try {
                writeLocked(A1, amax);
                writeLocked(V1, 0);
                writeLocked(AMAX, amax);
                writeLocked(DMAX, amax);
                writeLocked(D1, amax);
                writeLocked(XTARGET, (int) targetSteps);
                writeLocked(VMAX, lastVmax);
                writeLocked(RAMPMODE, MODE_POSITION);
            } catch (HardwareFaultException e) {
                throw latched(e);
            }
            checkStatusLocked();
            lastStopAmax = amax;
            target = targetSteps;
        }
    }

    @Override
    public void stop() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                stopLocked(lastStopAmax);
            } catch (HardwareFaultException e) {
                throw latched(e);
            }
            checkStatusLocked();
        }
    }

    @Override
    public void halt() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                stopLocked(ACCEL_LIMIT);
            } catch (HardwareFaultException e) {
                throw latched(e);
            }
            checkStatusLocked();
        }
    }

    /** Velocity mode towards VMAX 0 at {@code amax}; the target becomes the predicted stop. */
    private void stopLocked(int amax) {
        haltRampLocked(amax);
        long x = chip.read(XACTUAL);
        long v = signExtend24(chip.read(VACTUAL));
        // Distance to stop at a: v²/(2a), in µsteps; the chip's discrete ramp may differ by a few.
        double speed = units.velocityOf(Math.abs(v));
        long distance = (long) Math.ceil(speed * speed / (2 * units.accelerationOf(amax)));
        long predicted = x + Long.signum(v) * distance;
        // Never beyond the move's own target: a stop only shortens a move.
        target = v > 0 ? Math.min(predicted, Math.max(target, x)) : v < 0 ? Math.max(predicted, Math.min(target, x)) : x;
    }

    private void haltRampLocked(int amax) {
        writeLocked(AMAX, amax);
        writeLocked(VMAX, 0);
        writeLocked(RAMPMODE, MODE_VELOCITY_POS);
    }

    @Override
    public long position() {
        synchronized (lock) {
            return checkedRead(XACTUAL);
        }
    }

    @Override
    public long target() {
        synchronized (lock) {
            return target;
        }
    }

    /** From VACTUAL: the ramp generator's velocity is 0 exactly when it issues no steps. */
    @Override
    public boolean isMoving() {
        synchronized (lock) {
            return signExtend24(checkedRead(VACTUAL)) != 0;
        }
    }

    /**
     * Redefines XACTUAL (and XTARGET with it, or the chip would drive to the old target). Refused
     * with {@link IllegalStateException} while the ramp generator moves: a position written then
     * would be stale by the steps made during the write. Done in hold mode, as the datasheet asks.
     */
    @Override
    public void setPosition(long steps) {
        if (steps < Integer.MIN_VALUE || steps > Integer.MAX_VALUE) {
            throw new InvalidHardwareSetupException("position " + steps
                    + " is outside the TMC5160's 32-bit position range");
        }
        synchronized (lock) {
            if (closed) {
                throw new DeviceClosedException("needle axis");
            }
            if (signExtend24(checkedRead(VACTUAL)) != 0) {
                throw new IllegalStateException("setPosition refused: the TMC5160 is moving");
            }
            try {
                writeLocked(RAMPMODE, MODE_HOLD);
                writeLocked(VMAX, 0);
                writeLocked(XACTUAL, (int) steps);
                writeLocked(XTARGET, (int) steps);
                writeLocked(RAMPMODE, MODE_POSITION);
            } catch (HardwareFaultException e) {
                throw latched(e);
            }
            checkStatusLocked();
            target = steps;
        }
    }

    /** DRV_STATUS as read now (diagnostics for the technician's console). */
    public int driverStatus() {
        synchronized (lock) {
            return checkedRead(DRV_STATUS);
        }
    }

    /** The latched fault, or null. */
    public String fault() {
        synchronized (lock) {
            return fault;
        }
    }

    @Override
    public String safeState() {
        return "TMC5160 ramp generator halted, power stage off (DRV_ENN inactive, TOFF 0); the lead screw holds the carriage";
    }

    @Override
    public void goSafe() {
        synchronized (lock) {
            disableLocked();
        }
    }

    /**
     * The line first: it cuts the power stage without depending on SPI. Then TOFF 0 and the ramp
     * halted, each tried even if another fails.
     */
    private void disableLocked() {
        enabled = false;
        RuntimeException first = null;
        try {
            driveEnableLine(false);
        } catch (RuntimeException e) {
            first = e;
        }
        try {
            writeLocked(CHOPCONF, settings.chopconf() & ~CHOPCONF_TOFF_MASK);
        } catch (RuntimeException e) {
            first = first == null ? e : first;
        }
        try {
            stopLocked(ACCEL_LIMIT);
        } catch (RuntimeException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw new HardwareFaultException("needle axis could not reach its safe state", first);
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                disableLocked();
            } catch (RuntimeException e) {
                System.getLogger(Tmc5160Axis.class.getName()).log(System.Logger.Level.ERROR,
                        "needle axis safe state on close failed", e);
            }
        }
    }

    // ---- register access and fault latching ----

    private void writeLocked(int address, int value) {
        if (shadowValid[address] && shadow[address] == value) {
            return;
        }
        // Invalid until the write is known to have happened: a failed transfer is retried next time.
        shadowValid[address] = false;
        chip.write(address, value);
        shadow[address] = value;
        shadowValid[address] = true;
    }

    private int checkedRead(int address) {
        int value;
        try {
            value = chip.read(address);
        } catch (HardwareFaultException e) {
            throw latched(e);
        }
        checkStatusLocked();
        return value;
    }

    private HardwareFaultException latched(HardwareFaultException e) {
        latch(e.getMessage());
        return e;
    }

    /** Latches a fault if the last datagram's status reports a chip reset or a driver error. */
    private void checkStatusLocked() {
        int status = chip.lastStatus();
        if ((status & (STATUS_RESET_FLAG | STATUS_DRIVER_ERROR)) != 0) {
            String why = (status & STATUS_RESET_FLAG) != 0
                    ? "TMC5160 was reset: its configuration and position are lost"
                    : "TMC5160 reports a driver error (over-temperature or short, see DRV_STATUS)";
            latch(why);
            throw new HardwareFaultException(why);
        }
    }

    private void latch(String why) {
        if (fault == null) {
            fault = why;
        }
        // After a reset the shadows no longer describe the chip.
        Arrays.fill(shadowValid, false);
        try {
            driveEnableLine(false);
        } catch (RuntimeException ignored) {
            // Already failing; the fault is what the caller must see.
        }
        enabled = false;
    }

    private void throwIfFaulted() {
        if (fault != null) {
            throw new HardwareFaultException("needle axis faulted: " + fault);
        }
    }

    private void driveEnableLine(boolean on) {
        boolean high = on != enableActiveLow;
        try {
            enableLine.state(high ? DigitalState.HIGH : DigitalState.LOW);
        } catch (RuntimeException e) {
            throw new HardwareFaultException("cannot write " + enableLine.id(), e);
        }
    }

    static long signExtend24(int raw) {
        return ((long) raw << 40) >> 40;
    }
}
