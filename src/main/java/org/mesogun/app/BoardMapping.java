package org.mesogun.app;

import java.util.Set;
import org.mesogun.board.BoardInput;
import org.mesogun.board.BoardPins;
import org.mesogun.board.BoardSettings;
import org.mesogun.config.DeviceConfig;
import org.mesogun.hal.ValveDrive;

/** The device profile mapped onto the Pi4J binding's own settings (the binding knows no config). */
final class BoardMapping {

    /** STEP high time and DIR set-up: a few µs suits common step drivers (DRV8825, TMC2209). */
    private static final long STEP_PULSE_NANOS = 2_000;
    private static final long DIR_SETUP_NANOS = 1_000;
    /**
     * The valve and step timers park until this long before a deadline, then spin. A parked
     * thread on this VM wakes up to ~150 µs late even under SCHED_FIFO (p99 83 µs); at 100 µs the
     * valve's open-time error missed its p99 ≤ 100 µs, at 300 µs it is ~50 µs (bench). Costs
     * two 300 µs spins per pulse: under 1 % of a core at 9 shots/s.
     */
    private static final long SPIN_THRESHOLD_NANOS = 300_000;
    private static final int VALVE_PWM_HZ = 20_000;

    private BoardMapping() {
    }

    /** The motion chip's wiring (used when {@code mechanics.axis_driver: tmc5160}). */
    static org.mesogun.board.TmcWiring tmcWiring(DeviceConfig cfg) {
        var d = org.mesogun.board.TmcWiring.defaults();
        return new org.mesogun.board.TmcWiring(cfg.mechanics().spiBus(), cfg.mechanics().spiChipSelect(),
                d.enableActiveLow(), d.settings());
    }

    static BoardPins pins(DeviceConfig cfg) {
        var p = cfg.pins();
        return new BoardPins(p.step(), p.dir(), p.enable(), p.valvePwm(), p.deadman(), p.trigger(), p.home(),
                p.parkFlag(), p.hub(), p.skin(), p.stop(), p.led(), p.buzzer(), p.panelUp(), p.panelDown(),
                p.panelSelect());
    }

    /**
     * The trigger and the stop button switch to ground against a pull-up (a broken wire then
     * reads "not pressed" for the trigger, and the stop button cuts valve power in hardware
     * anyway); the other inputs are active high. See docs/wiring.md.
     */
    static BoardSettings settings(DeviceConfig cfg) {
        var v = cfg.valve();
        ValveDrive drive = new ValveDrive(v.peakUs(), v.holdDuty(), v.thermalWindowMs() * 1000L, v.maxDutyCycle());
        long deadmanMicros = (v.maxOpenMs() + v.deadmanMarginMs()) * 1000L;
        return new BoardSettings(cfg.inputs().debounceMs() * 1_000_000L, Set.of(BoardInput.TRIGGER, BoardInput.STOP),
                STEP_PULSE_NANOS, DIR_SETUP_NANOS, cfg.mechanics().maxRateStepsS(), SPIN_THRESHOLD_NANOS, drive,
                VALVE_PWM_HZ, deadmanMicros);
    }
}
