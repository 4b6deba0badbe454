package org.mesogun.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.mesogun.simulator.SimFault;

/**
 * Reads a scenario file (format in {@code config/scenarios/README.md}). Keys left out keep the
 * built-in default; an unknown key or a bad value is an error naming the key.
 */
public final class ScenarioLoader {

    private static final Set<String> KEYS = Set.of("protocol", "depth_mm", "dose_ul", "points", "needle_limit",
            "seed", "lot", "points_per_pass", "gap_ms", "faults", "world");

    private ScenarioLoader() {
    }

    public static Scenario load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": a scenario is a YAML mapping");
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                problems.add(k + ": unknown key (known: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        Scenario d = Scenario.defaults();
        String protocol = root.has("protocol") ? root.get("protocol").asText() : d.protocol();
        double depth = number(root, "depth_mm", d.depthMm(), 0.5, 4.0, problems);
        double dose = number(root, "dose_ul", d.doseUl(), 1, 200, problems);
        int points = (int) number(root, "points", d.points(), 1, 1_000_000, problems);
        int needleLimit = (int) number(root, "needle_limit", d.needleLimit(), 1, 10_000, problems);
        long seed = (long) number(root, "seed", d.seed(), 0, Long.MAX_VALUE, problems);
        long lot = (long) number(root, "lot", d.lot(), 1, 999_999, problems);
        int perPass = (int) number(root, "points_per_pass", d.pointsPerPass(), 1, 1000, problems);
        long gap = (long) number(root, "gap_ms", d.gapMs(), 0, 60_000, problems);
        List<Scenario.FaultAt> faults = new ArrayList<>();
        if (root.has("faults")) {
            JsonNode f = root.get("faults");
            if (!f.isArray()) {
                problems.add("faults: a list of 'name@point' entries");
            } else {
                for (int i = 0; i < f.size(); i++) {
                    try {
                        faults.add(parseFault(f.get(i).asText()));
                    } catch (IllegalArgumentException e) {
                        problems.add("faults[" + i + "]: " + e.getMessage());
                    }
                }
            }
        }
        GunWorld world = GunWorld.DEFAULT;
        if (root.has("world")) {
            JsonNode w = root.get("world");
            if (!w.isObject()) {
                problems.add("world: a mapping of key: number (known: " + String.join(", ", GunWorld.KEYS.keySet())
                        + ")");
            } else {
                for (Iterator<String> it = w.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    try {
                        if (!w.get(k).isNumber()) {
                            throw new IllegalArgumentException("world." + k + ": '" + w.get(k).asText()
                                    + "' is not a number");
                        }
                        world = world.with(k, w.get(k).asText());
                    } catch (IllegalArgumentException e) {
                        problems.add(e.getMessage());
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(file + ":\n  " + String.join("\n  ", problems));
        }
        return new Scenario(protocol, depth, dose, points, needleLimit, seed, lot, perPass, gap, faults, world);
    }

    /** Parses {@code NAME@POINT}, e.g. {@code valve-stuck-open@12}. */
    public static Scenario.FaultAt parseFault(String spec) {
        int at = spec.indexOf('@');
        if (at <= 0 || at == spec.length() - 1) {
            throw new IllegalArgumentException("'" + spec + "' is not NAME@POINT (e.g. occlusion@5)");
        }
        int point;
        try {
            point = Integer.parseInt(spec.substring(at + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + spec + "': the point is not a number");
        }
        if (point < 0) {
            throw new IllegalArgumentException("'" + spec + "': points count from 1 (0: broken from power-up)");
        }
        return new Scenario.FaultAt(SimFault.byName(spec.substring(0, at).trim()), point);
    }

    private static double number(JsonNode root, String key, double dflt, double min, double max, List<String> problems) {
        if (!root.has(key)) {
            return dflt;
        }
        JsonNode n = root.get(key);
        if (!n.isNumber()) {
            problems.add(key + ": '" + n.asText() + "' is not a number");
            return dflt;
        }
        double v = n.asDouble();
        if (v < min || v > max) {
            problems.add(key + ": " + v + " is outside [" + min + ", " + max + "]");
            return dflt;
        }
        return v;
    }
}
