package org.mesogun.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code syringe}: the syringe types the clinician picks from when loading one, the reserve never
 * planned (SR-5), and how much the flow falls as a syringe drains (its pressure source weakens:
 * requirements §2, 25 % by default from full to empty). The first type is the one assumed fitted at
 * power-up, until the panel says which one went in.
 */
public record SyringeConfig(List<SyringeType> types, double reserveUl, double flowDropEmpty) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9 ._-]{1," + SyringeType.MAX_NAME + "}");

    public SyringeConfig {
        types = List.copyOf(types);
    }

    /** The type assumed at power-up (the first listed). */
    public SyringeType fitted() {
        return types.get(0);
    }

    public double volumeUl() {
        return fitted().volumeUl();
    }

    public double boreMm() {
        return fitted().boreMm();
    }

    public double ulPerMm() {
        return fitted().ulPerMm();
    }

    /** The widest bore listed: the coarsest plunger resolution in µL any pick gives. */
    public SyringeType widest() {
        SyringeType w = types.get(0);
        for (SyringeType t : types) {
            if (t.boreMm() > w.boreMm()) {
                w = t;
            }
        }
        return w;
    }

    /**
     * Flow at {@code fill} (remaining / volume) as a share of the flow from a full syringe, which
     * is what a flow calibration measures (the technician fills the syringe first).
     */
    public static double flowFactor(double flowDropEmpty, double fill) {
        double f = Math.max(0, Math.min(1, fill));
        return 1 - flowDropEmpty * (1 - f);
    }

    static SyringeConfig read(YamlSection s) {
        double reserve = s.decimal("reserve_ul", 0, 10_000, Limit.RANGE);
        double drop = s.decimal("flow_drop_empty", 0, 0.5, Limit.RANGE);
        List<SyringeType> types = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<YamlSection> items = s.list("types");
        if (items.isEmpty() && s.problems().clean(s.pathOf("types"))) {
            s.problems().add(s.pathOf("types"), "list at least one syringe type (name, volume_ul, bore_mm)");
        }
        for (YamlSection t : items) {
            String name = t.text("name", NAME, "1-" + SyringeType.MAX_NAME + " letters, digits, spaces or ._-"
                    + " (it is shown on the panel)");
            SyringeType type = new SyringeType(name, t.decimal("volume_ul", 2_000, 10_000, Limit.RANGE),
                    t.decimal("bore_mm", 1, 40, Limit.RANGE));
            if (!name.isEmpty() && !names.add(name)) {
                t.problems().add(t.pathOf("name"), "'" + name + "' is listed twice");
            }
            if (reserve >= type.volumeUl()) {
                t.problems().add(t.pathOf("volume_ul"), type.volumeUl() + " is not more than syringe.reserve_ul "
                        + reserve);
            }
            t.finish();
            types.add(type);
        }
        if (types.isEmpty()) {
            types.add(new SyringeType("", Double.NaN, Double.NaN));   // reported above; nothing runs on it
        }
        s.finish();
        return new SyringeConfig(types, reserve, drop);
    }
}
