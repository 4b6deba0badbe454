package org.mesogun.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mesogun.config.Calibration;
import org.mesogun.simulator.SimSpec;

/**
 * The world a simulated gun must survive (requirements §9, §12): its true hardware where it differs from
 * the simulator's defaults, and the calibration the controller runs on where it differs from the
 * one a careful technician would have measured. Every value is optional (NaN: the default), so a
 * scenario names only what it changes. Keys, as in a scenario's {@code world:} mapping and in
 * {@code simulate --world key=value,...}, are listed in {@link #KEYS}.
 *
 * <p>The calibration values are what was saved, not errors to add: a technician can type any
 * value the gun accepts ({@code $steps_per_mm=380}), and the gun must be safe with each of them.
 * The zero is given as its error against the true zero, because its steps mean nothing without
 * the true geometry.
 */
public record GunWorld(
        double trueStepsPerMm,
        double trueZeroMm,
        double trueFlowUlPerMs,
        double viscosity,
        double boreMm,
        double syringeFill,
        double flowOffsetUl,
        double plungerResolutionUm,
        double plungerNoiseUm,
        double initialDepthMm,
        double skinAtPowerUpMs,
        double calStepsPerMm,
        double calZeroErrorMm,
        double calFlowUlPerMs,
        double calFlowOffsetUl,
        double gaugeErrorShallowMm,
        double gaugeErrorDeepMm,
        double uncleanStart) {

    /** Key → what it sets, in the order of the record. */
    public static final Map<String, String> KEYS = keys();

    private static Map<String, String> keys() {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("true_steps_per_mm", "the axis's true steps per mm");
        k.put("true_zero_mm", "true distance from the home switch to the tip flush with the nose");
        k.put("true_flow_ul_per_ms", "true flow through the open valve, full syringe");
        k.put("viscosity", "product viscosity relative to water-like (flow divides by it)");
        k.put("bore_mm", "the loaded syringe's true bore (the profile may say another)");
        k.put("syringe_fill", "how full each loaded syringe truly is, 0-1 (the gun is told only its volume)");
        k.put("flow_offset_ul", "a true fixed volume per valve opening (negative: swallowed)");
        k.put("plunger_resolution_um", "the plunger sensor's resolution");
        k.put("plunger_noise_um", "the plunger sensor's noise, one sigma");
        k.put("initial_depth_mm", "where the tip is at power-up, past the skin plane (negative: in the nose)");
        k.put("skin_at_power_up_ms", "the nose stays on the skin this long after power-up");
        k.put("cal_steps_per_mm", "the saved calibration's steps per mm");
        k.put("cal_zero_error_mm", "how far the saved zero lies past the true zero (negative: short of it)");
        k.put("cal_flow_ul_per_ms", "the saved calibration's flow");
        k.put("cal_flow_offset_ul", "the saved calibration's flow offset");
        k.put("gauge_error_shallow_mm", "the depth gauge's error at the shallow depth check (stated: within ±0.02)");
        k.put("gauge_error_deep_mm", "the depth gauge's error at the deep depth check (stated: within ±0.02)");
        k.put("unclean_start", "1: the previous run did not stop cleanly (a power cut), so the needle counts are unsure");
        return java.util.Collections.unmodifiableMap(k);
    }

    public static final GunWorld DEFAULT = new GunWorld(Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public double[] values() {
        return new double[] {trueStepsPerMm, trueZeroMm, trueFlowUlPerMs, viscosity, boreMm, syringeFill,
            flowOffsetUl, plungerResolutionUm, plungerNoiseUm, initialDepthMm, skinAtPowerUpMs, calStepsPerMm,
            calZeroErrorMm, calFlowUlPerMs, calFlowOffsetUl, gaugeErrorShallowMm, gaugeErrorDeepMm, uncleanStart};
    }

    public static GunWorld of(double[] v) {
        return new GunWorld(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12],
                v[13], v[14], v[15], v[16], v[17]);
    }

    /** This world with {@code key} set; an unknown key or a non-number is an error naming it. */
    public GunWorld with(String key, String value) {
        List<String> keys = new ArrayList<>(KEYS.keySet());
        int i = keys.indexOf(key.trim().toLowerCase(Locale.ROOT));
        if (i < 0) {
            throw new IllegalArgumentException("world: unknown key '" + key + "' (known: " + String.join(", ", keys)
                    + ")");
        }
        double v;
        try {
            v = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("world." + keys.get(i) + ": '" + value + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("world." + keys.get(i) + ": '" + value + "' is not a finite number");
        }
        double[] all = values();
        all[i] = v;
        return of(all);
    }

    /** Parses {@code key=value,key=value} (the {@code --world} option). */
    public static GunWorld parse(String spec) {
        return DEFAULT.withAll(spec);
    }

    /** This world with every {@code key=value} of {@code spec} set. */
    public GunWorld withAll(String spec) {
        GunWorld w = this;
        for (String kv : spec.split(",")) {
            if (kv.isBlank()) {
                continue;
            }
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("world: '" + kv.trim() + "' is not key=value");
            }
            w = w.with(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return w;
    }

    /** The true hardware: this world's values over the builder's. */
    public SimSpec.Builder apply(SimSpec.Builder b, double profileVolumeUl, boolean plungerPresent,
            double profileResolutionUm, double profileNoiseUm) {
        if (set(trueStepsPerMm)) {
            b.trueStepsPerMm(trueStepsPerMm);
        }
        if (set(trueZeroMm)) {
            b.trueZeroMm(trueZeroMm);
        }
        if (set(trueFlowUlPerMs)) {
            b.trueFlowUlPerMs(trueFlowUlPerMs);
        }
        if (set(viscosity)) {
            b.viscosity(viscosity);
        }
        if (set(boreMm)) {
            b.bore(boreMm);
        }
        if (set(syringeFill)) {
            b.syringeFill(syringeFill);
        }
        if (set(flowOffsetUl)) {
            b.flowOffsetUl(flowOffsetUl);
        }
        b.plunger(plungerPresent, set(plungerResolutionUm) ? plungerResolutionUm : profileResolutionUm,
                set(plungerNoiseUm) ? plungerNoiseUm : profileNoiseUm);
        return b;
    }

    /** Where the carriage starts, or NaN for the simulator's default. */
    public double initialCarriageMm(SimSpec.Builder probe) {
        if (!set(initialDepthMm)) {
            return Double.NaN;
        }
        double zero = set(trueZeroMm) ? trueZeroMm : probe.build().trueZeroMm;
        return zero + initialDepthMm;
    }

    /** The calibration the controller runs on: the measured one, with this world's saved values. */
    public Calibration calibrate(Calibration measured, SimSpec truth) {
        double spm = set(calStepsPerMm) ? calStepsPerMm : measured.stepsPerMm();
        long zero = set(calZeroErrorMm) ? Math.round((truth.trueZeroMm + calZeroErrorMm) * truth.trueStepsPerMm)
                : measured.zeroStepsFromHome();
        double flow = set(calFlowUlPerMs) ? calFlowUlPerMs : measured.flowUlPerMs();
        double offset = set(calFlowOffsetUl) ? calFlowOffsetUl : measured.flowOffsetUl();
        // The depth check the technician took with the saved values: what the gauge truly read
        // there (it cannot read what is not), with the gauge's error this world gives.
        org.mesogun.config.DepthCheck check = FactoryCalibration.depthCheck(truth, spm, zero,
                set(gaugeErrorShallowMm) ? gaugeErrorShallowMm : 0, set(gaugeErrorDeepMm) ? gaugeErrorDeepMm : 0);
        return new Calibration(spm, zero, flow, offset, measured.version(), measured.savedAt(), measured.savedBy(),
                check);
    }

    /** The previous run did not stop cleanly: a power cut, as a gun powered up in the skin had. */
    public boolean afterUncleanStop() {
        return set(uncleanStart) && uncleanStart != 0;
    }

    public boolean isDefault() {
        for (double v : values()) {
            if (set(v)) {
                return false;
            }
        }
        return true;
    }

    /** The values set, as {@code key=value,...} (what {@code --world} takes back). */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        double[] v = values();
        int i = 0;
        for (String k : KEYS.keySet()) {
            if (set(v[i])) {
                b.append(b.length() == 0 ? "" : ",").append(k).append('=')
                        .append(java.math.BigDecimal.valueOf(v[i]).stripTrailingZeros().toPlainString());
            }
            i++;
        }
        return b.length() == 0 ? "default" : b.toString();
    }

    static boolean set(double v) {
        return !Double.isNaN(v);
    }
}
