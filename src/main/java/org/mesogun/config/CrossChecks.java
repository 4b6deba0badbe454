package org.mesogun.config;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks that span sections: each reports at the path a technician would edit, and runs only
 * when the values it compares were themselves valid (see {@link Problems#clean}).
 */
final class CrossChecks {

    private CrossChecks() {
    }

    static void check(DeviceConfig c, Problems p) {
        if (p.clean("needle.max_depth_mm", "mechanics.mechanical_stop_past_zero_mm")
                && c.needle().maxDepthMm() >= c.mechanics().mechanicalStopPastZeroMm()) {
            p.add("needle.max_depth_mm", c.needle().maxDepthMm() + " reaches the mechanical stop at "
                    + c.mechanics().mechanicalStopPastZeroMm() + " mm past zero");
        }
        if (p.clean("protocols") && c.protocols().isEmpty()) {
            p.add("protocols", "empty; at least one protocol is needed");
        }
        Map<String, Integer> names = new HashMap<>();
        List<Protocol> list = c.protocols();
        for (int i = 0; i < list.size(); i++) {
            String at = "protocols[" + i + "]";
            Protocol pr = list.get(i);
            if (p.clean(at + ".name")) {
                Integer first = names.putIfAbsent(pr.name(), i);
                if (first != null) {
                    p.add(at + ".name", "\"" + pr.name() + "\" is already used by protocols[" + first + "]");
                }
            }
            depthWithinNeedle(c, p, at, pr);
            if (pr.mode() == Mode.NAPPAGE) {
                nappageRate(c, p, at, pr);
            }
            if (pr.mode() == Mode.POINT || pr.mode() == Mode.NAPPAGE) {
                singleOpening(c, p, at, pr);
            }
            sensorResolvesDose(c, p, at, pr);
        }
    }

    private static void depthWithinNeedle(DeviceConfig c, Problems p, String at, Protocol pr) {
        if (!p.clean("needle.max_depth_mm")) {
            return;
        }
        double max = c.needle().maxDepthMm();
        if (p.clean(at + ".soft.depth_mm") && pr.softDepthMm().max() > max) {
            p.add(at + ".soft.depth_mm", pr.softDepthMm().max() + " is above needle.max_depth_mm " + max);
        } else if (!p.clean(at + ".soft.depth_mm") && p.clean(at + ".depth_mm") && pr.depthMm() > max) {
            // Only when the soft range cannot be trusted; otherwise default ⊂ soft ⊂ needle covers it.
            p.add(at + ".depth_mm", pr.depthMm() + " is above needle.max_depth_mm " + max);
        }
    }

    private static void nappageRate(DeviceConfig c, Problems p, String at, Protocol pr) {
        String path = at + ".shots_per_s";
        if (!p.clean(path)) {
            return;
        }
        int minInterval = c.session().minShotIntervalMs();
        if (p.clean("session.min_shot_interval_ms") && pr.shotIntervalMs() < minInterval) {
            p.add(path, pr.shotsPerS() + " is above the " + fmt(1000.0 / minInterval)
                    + "/s that session.min_shot_interval_ms " + minInterval + " allows");
            return;
        }
        if (p.clean("mechanics", "valve.nominal_flow_ul_per_ms", at + ".soft")) {
            double cycle = CycleEstimate.nappageMs(c.mechanics(), c.valve(), pr.softDepthMm().max(),
                    pr.softDoseUl().max());
            if (cycle > pr.shotIntervalMs()) {
                p.add(path, pr.shotsPerS() + " leaves " + fmt(pr.shotIntervalMs()) + " ms a shot, but inserting to "
                        + pr.softDepthMm().max() + " mm, dosing " + pr.softDoseUl().max()
                        + " uL and retracting takes at least " + fmt(cycle) + " ms");
            }
        }
    }

    /** Point and nappage deliver each dose in one opening, which max_open_ms bounds (SR-2). */
    private static void singleOpening(DeviceConfig c, Problems p, String at, Protocol pr) {
        String path = at + ".soft.dose_ul";
        if (!p.clean(path, "valve.max_open_ms", "valve.nominal_flow_ul_per_ms")) {
            return;
        }
        double ms = pr.softDoseUl().max() / c.valve().nominalFlowUlPerMs();
        if (ms > c.valve().maxOpenMs()) {
            p.add(path, pr.softDoseUl().max() + " uL needs " + fmt(ms) + " ms of valve at nominal flow, above valve.max_open_ms "
                    + c.valve().maxOpenMs());
        }
    }

    /**
     * SR-9: the plunger sensor must check the smallest dose the protocol allows within its
     * tolerance in one shot; a coarser sensor would let an occlusion go unseen for dozens of
     * points. Refused here rather than detected over several shots: a shot it cannot check is
     * already in the skin, or not, before anyone knows.
     */
    private static void sensorResolvesDose(DeviceConfig c, Problems p, String at, Protocol pr) {
        String path = at + ".soft.dose_ul";
        if (!c.plunger().present() || !p.clean(path, "plunger.resolution_um", "syringe.types")) {
            return;
        }
        // The widest bore listed is the coarsest in µL: the clinician may pick it for any protocol.
        SyringeType widest = c.syringe().widest();
        double smallest = SafetyLimits.smallestVerifiableDoseUl(c.plunger().resolutionUm(), widest.micronsPerUl());
        if (pr.softDoseUl().min() < smallest - 1e-9) {
            p.add(path, pr.softDoseUl().min() + " uL is below the " + fmt(smallest) + " uL that plunger.resolution_um "
                    + c.plunger().resolutionUm() + " verifies within ±" + Math.round(SafetyLimits.DOSE_TOLERANCE * 100)
                    + " % in one shot on syringe '" + widest.name() + "' (SR-9): a finer sensor, or a larger"
                    + " smallest dose");
        }
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }
}
