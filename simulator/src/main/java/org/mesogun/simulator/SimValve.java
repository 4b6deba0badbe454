package org.mesogun.simulator;

import java.util.SplittableRandom;
import org.mesogun.hal.DeviceClosedException;
import org.mesogun.hal.DoseValve;
import org.mesogun.hal.NanoClock;
import org.mesogun.hal.ValveDrive;

/**
 * The normally-closed solenoid valve, its timed driver, its dead-man and the flow through it.
 * The coil is energised from the pulse's start until the earliest of: the pulse's end, the
 * dead-man's expiry, the power being cut (stop button, power loss). Product flows from
 * open-delay after energising until close-delay after de-energising, at the syringe's flow times
 * a per-shot noise factor no controller can predict.
 */
final class SimValve implements DoseValve {

    private static final long NONE = Long.MAX_VALUE;

    private final SimSpec spec;
    private final NanoClock clock;
    private final Syringe syringe;
    private final SplittableRandom shotNoise;
    private final DutyWindow duty;
    private SimTruthRecorder truth;

    private long deadmanExpiresAt = Long.MIN_VALUE;
    private boolean closed;

    // The running pulse, if any.
    private long onAt = NONE;
    private long offAt = NONE;       // the driver's own end of pulse (commanded or shut())
    private double noiseFactor = 1;
    private boolean stuckOpenThisPulse;
    private long flowEndAt = NONE;   // once known: when product stops flowing
    private double pulseUl;
    private double pulseExcessUl;
    /** What is left of this pulse's fixed offset: to add (> 0) or to swallow (< 0). */
    private double offsetLeftUl;

    private long lastAdvance;
    private long pulsesCompleted;
    private long lastPulseMicros;
    private boolean powerCut;
    private long powerCutAt = NONE;

    // Faults.
    private boolean stuckOpen;
    private boolean stuckClosed;
    private boolean occluded;
    private double viscosity;

    SimValve(SimSpec spec, NanoClock clock, Syringe syringe, SplittableRandom shotNoise) {
        this.spec = spec;
        this.clock = clock;
        this.syringe = syringe;
        this.shotNoise = shotNoise;
        this.viscosity = spec.viscosity;
        this.duty = new DutyWindow(spec.valveDrive.thermalWindowMicros() * 1000);
        this.lastAdvance = clock.nanoTime();
    }

    void attach(SimTruthRecorder recorder) {
        this.truth = recorder;
    }

    @Override
    public ValveDrive drive() {
        return spec.valveDrive;
    }

    @Override
    public long deadmanPeriodMicros() {
        return spec.deadmanPeriodMicros;
    }

    @Override
    public void armDeadman() {
        if (!closed) {
            deadmanExpiresAt = clock.nanoTime() + spec.deadmanPeriodMicros * 1000;
        }
    }

    @Override
    public void pulse(long durationMicros) {
        long now = clock.nanoTime();
        if (closed || onAt != NONE || durationMicros <= 0 || now >= deadmanExpiresAt || powerCut) {
            return;
        }
        onAt = now;
        offAt = now + durationMicros * 1000;
        noiseFactor = Math.max(0, 1 + spec.shotNoiseSigma * shotNoise.nextGaussian());
        stuckOpenThisPulse = stuckOpen;
        flowEndAt = NONE;
        pulseUl = 0;
        pulseExcessUl = 0;
        offsetLeftUl = spec.flowOffsetUl;
    }

    @Override
    public void shut() {
        long now = clock.nanoTime();
        if (onAt != NONE && now < offAt) {
            offAt = now;
        }
    }

    @Override
    public boolean isOpen() {
        long now = clock.nanoTime();
        return onAt != NONE && now < Math.min(offAt, coilOffAt());
    }

    @Override
    public long pulsesCompleted() {
        return pulsesCompleted;
    }

    @Override
    public long lastPulseMicros() {
        return lastPulseMicros;
    }

    @Override
    public double dutyCycle() {
        return duty.dutyAt(clock.nanoTime());
    }

    @Override
    public boolean coilOk() {
        return true;
    }

    /** When the coil stops being energised (NONE while that is not decided yet). */
    private long coilOffAt() {
        long driverEnd = stuckOpenThisPulse ? NONE : offAt;
        return Math.min(driverEnd, Math.min(deadmanExpiresAt, powerCutAt));
    }

    /** Integrates the flow up to {@code t} and closes the books on a pulse that has ended. */
    void advanceTo(long t) {
        if (onAt != NONE) {
            long coilOff = coilOffAt();
            long openDelay = spec.valveOpenDelayMicros * 1000;
            boolean pulledIn = coilOff == NONE || coilOff - onAt >= openDelay / 2;
            long flowStart = onAt + openDelay;
            long flowEnd = coilOff == NONE ? NONE : coilOff + spec.valveCloseDelayMicros * 1000;
            if (pulledIn && !stuckClosed) {
                long from = Math.max(lastAdvance, flowStart);
                long to = Math.min(t, flowEnd);
                if (to > from) {
                    flow(from, to);
                }
            }
            if (flowEnd != NONE && t >= flowEnd && t >= offAt) {
                finishPulse(coilOff, flowEnd);
            }
        }
        lastAdvance = t;
    }

    private void flow(long from, long to) {
        if (occluded) {
            return;
        }
        double rate = syringe.flowUlPerMs(viscosity) * noiseFactor;
        double want = rate * (to - from) / 1e6;
        if (offsetLeftUl > 0) {
            want += offsetLeftUl;   // the surge leaves with the first product
            offsetLeftUl = 0;
        } else if (offsetLeftUl < 0) {
            double swallowed = Math.min(-offsetLeftUl, want);
            want -= swallowed;
            offsetLeftUl += swallowed;
        }
        double ul = syringe.draw(want);
        pulseUl += ul;
        // Whatever flows after the driver's commanded end (plus the valve's close delay) is harm.
        long allowedEnd = offAt + spec.valveCloseDelayMicros * 1000;
        double excess = 0;
        if (to > allowedEnd) {
            double excessFraction = (double) (to - Math.max(from, allowedEnd)) / (to - from);
            excess = ul * excessFraction;
            pulseExcessUl += excess;
        }
        if (truth != null) {
            truth.flowed(ul, excess, to);
        }
    }

    private void finishPulse(long coilOff, long flowEnd) {
        long driverEnd = Math.min(offAt, Math.min(deadmanExpiresAt, powerCutAt));
        lastPulseMicros = (driverEnd - onAt) / 1000;
        pulsesCompleted++;
        duty.add(onAt, coilOff - onAt);
        if (truth != null) {
            truth.pulseEnded(pulseUl, pulseExcessUl, flowEnd);
        }
        onAt = NONE;
        offAt = NONE;
        flowEndAt = NONE;
    }

    /** Stop button (cuts valve power in hardware) or power loss. */
    void cutPower(boolean cut) {
        powerCut = cut;
        powerCutAt = cut ? clock.nanoTime() : NONE;
    }

    void setStuckOpen(boolean on) {
        stuckOpen = on;
    }

    void setStuckClosed(boolean on) {
        stuckClosed = on;
    }

    void setOccluded(boolean on) {
        occluded = on;
    }

    void setViscosity(double v) {
        viscosity = v;
    }

    /** Product is flowing right now (true state). */
    boolean flowing(long t) {
        if (onAt == NONE || stuckClosed || occluded) {
            return false;
        }
        long coilOff = coilOffAt();
        long flowEnd = coilOff == NONE ? NONE : coilOff + spec.valveCloseDelayMicros * 1000;
        return t >= onAt + spec.valveOpenDelayMicros * 1000 && t < flowEnd;
    }

    @Override
    public String safeState() {
        return "closed and unpowered (normally-closed), dead-man not re-armed";
    }

    @Override
    public void goSafe() {
        shut();
        deadmanExpiresAt = Math.min(deadmanExpiresAt, clock.nanoTime());
    }

    @Override
    public void close() {
        goSafe();
        closed = true;
    }

    void checkOpen() {
        if (closed) {
            throw new DeviceClosedException("dose valve");
        }
    }
}
