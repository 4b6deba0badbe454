package org.mesogun.app;

import com.pi4j.context.Context;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import com.pi4j.io.IOType;
import org.mesogun.board.Pi4jGunHardware;
import org.mesogun.board.PwmDoseValve;
import org.mesogun.config.DeviceConfig;

/**
 * requirements §11 "valve open-time error, real-time mode": the board's valve driver ({@link PwmDoseValve}
 * with its own timer thread) is given dose-sized pulses by a commanding thread that then goes
 * late, as a starved loop would, for up to {@link #MAX_LATENESS_NANOS}; the pulse must still end on
 * time because the timer, not the loop, closes it. Executed = the coil's energised time as the
 * driver books it (PWM on to PWM off, System.nanoTime).
 */
public final class ValveTimingProbe {

    /** A late tick on a stock kernel: this VM has shown ~4.5 ms (requirements §5). */
    static final long MAX_LATENESS_NANOS = 6_000_000;

    /** Errors in µs (executed − commanded); {@code error} when it could not be measured. */
    public record Result(int pulses, long refused, double p50Us, double p99Us, double maxUs, double minUs,
            double worstLatenessMs, String timerScheduling, String error) {
    }

    private ValveTimingProbe() {
    }

    /**
     * @param context a Pi4J context serving the valve's PWM channel and dead-man line (the mock
     *                platform in {@code bench}); closed by the caller
     */
    public static Result run(DeviceConfig cfg, Context context, int pulses, long seed, int loopPriority) {
        // It pulses the valve with no safety monitor in between: never on a real valve.
        String pwm = Pi4jGunHardware.chosenProviders(context).get(IOType.PWM);
        if (pwm == null || !pwm.startsWith("mock")) {
            throw new IllegalArgumentException("the valve probe runs on Pi4J's mock PWM only, not on " + pwm);
        }
        var pins = cfg.pins();
        var settings = BoardMapping.settings(cfg);
        long maxOpenMicros = cfg.valve().maxOpenMs() * 1000L;
        long minMicros = Math.min(maxOpenMicros, Math.max(1_000, cfg.valve().peakUs() / 2));
        double maxDuty = cfg.valve().maxDutyCycle();
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] errors = new long[pulses];
        int done = 0;
        long refused = 0;
        long worstLate = 0;
        String scheduling = "normal scheduling";
        try (PwmDoseValve valve = PwmDoseValve.create(context, pins.valvePwm(), pins.deadman(), settings)) {
            if (loopPriority > 0) {   // as GunService sets it on the board
                var applied = new java.util.concurrent.CompletableFuture<String>();
                GunService.raiseValveTimer(valve, loopPriority, applied::complete);
                scheduling = applied.join();
            }
            for (int i = 0; i < pulses; i++) {
                long commanded = rnd.nextLong(minMicros, Math.min(maxOpenMicros, 30_000) + 1);
                long before = valve.pulsesCompleted();
                valve.armDeadman();
                valve.pulse(commanded);
                if (!valve.isOpen() && valve.pulsesCompleted() == before) {
                    refused++;
                    continue;
                }
                // The loop goes late: it does not come back to the valve for a while.
                long late = rnd.nextLong(MAX_LATENESS_NANOS + 1);
                worstLate = Math.max(worstLate, late);
                LockSupport.parkNanos(late);
                while (valve.pulsesCompleted() == before) {
                    LockSupport.parkNanos(200_000);
                }
                errors[done++] = valve.lastPulseMicros() - commanded;
                // Rest so the coil's thermal duty cycle never refuses the next pulse.
                LockSupport.parkNanos((long) (commanded * 1000 * (1 - maxDuty) / maxDuty) + 1_000_000);
            }
        } catch (RuntimeException e) {
            return new Result(done, refused, 0, 0, 0, 0, worstLate / 1e6, scheduling, e.toString());
        }
        if (done == 0) {
            return new Result(0, refused, 0, 0, 0, 0, worstLate / 1e6, scheduling, "every pulse was refused");
        }
        long[] e = Arrays.copyOf(errors, done);
        Arrays.sort(e);
        return new Result(done, refused, e[quantile(done, 0.50)], e[quantile(done, 0.99)], e[done - 1], e[0],
                worstLate / 1e6, scheduling, null);
    }

    private static int quantile(int n, double q) {
        return Math.min(n - 1, (int) Math.ceil(q * n) - 1);
    }
}
