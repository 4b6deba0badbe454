package org.mesogun.config;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one entry of {@code protocols}: structure, hard limits and default ⊂ soft. Checks
 * against other sections (needle depth, shot rate, valve time) are in {@link CrossChecks}.
 */
final class ProtocolReader {

    /** requirements §3's areas; "decollete" is décolleté without accents, as YAML keys stay ASCII. */
    static final Set<String> AREAS = Set.of("face", "neck", "decollete", "hands", "scalp", "body");
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private ProtocolReader() {
    }

    static Protocol read(YamlSection s) {
        String name = s.text("name", NAME, "1-32 characters of A-Z a-z 0-9 _ -");
        String area = s.choice("area", a -> AREAS.contains(a) ? Optional.of(a) : Optional.empty(),
                "face, neck, decollete, hands, scalp, body");
        Mode mode = s.choice("mode", Mode::fromYaml, "point, nappage, perfusion");
        double depth = s.decimal("depth_mm", SafetyLimits.MIN_DEPTH_MM, SafetyLimits.MAX_DEPTH_MM, Limit.HARD);
        double dose = s.decimal("dose_ul", SafetyLimits.MIN_DOSE_UL, SafetyLimits.MAX_DOSE_UL, Limit.HARD);
        double shots = 0;
        if (mode == Mode.NAPPAGE) {
            // Required: the repetition rate is a clinical choice, not something to default.
            shots = s.decimal("shots_per_s", 1, Limit.RANGE, SafetyLimits.MAX_SHOTS_PER_S, Limit.HARD);
        } else if (s.has("shots_per_s") && mode != null) {
            s.problems().add(s.pathOf("shots_per_s"), "only nappage protocols have a shot rate; "
                    + mode.yamlName() + " fires once per trigger press");
        }
        YamlSection soft = s.section("soft");
        Range softDepth = soft.range("depth_mm", SafetyLimits.MIN_DEPTH_MM, SafetyLimits.MAX_DEPTH_MM, Limit.HARD);
        Range softDose = soft.range("dose_ul", SafetyLimits.MIN_DOSE_UL, SafetyLimits.MAX_DOSE_UL, Limit.HARD);
        soft.finish();
        if (!Double.isNaN(depth) && !Double.isNaN(softDepth.min()) && !softDepth.contains(depth)) {
            s.problems().add(s.pathOf("depth_mm"), depth + " is outside its soft range " + softDepth);
        }
        if (!Double.isNaN(dose) && !Double.isNaN(softDose.min()) && !softDose.contains(dose)) {
            s.problems().add(s.pathOf("dose_ul"), dose + " is outside its soft range " + softDose);
        }
        s.finish();
        return new Protocol(name, area, mode, depth, dose, shots, softDepth, softDose);
    }
}
