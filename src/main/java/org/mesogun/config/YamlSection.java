package org.mesogun.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One YAML mapping being read, with its path. Every read records the key; {@link #finish}
 * reports every key nobody read as unknown (a typo must not silently fall back to a default).
 * A problem is recorded in {@link Problems} and a placeholder returned (NaN, 0, "", null), so
 * reading goes on and one run reports everything. A "dead" section (missing, or not a mapping)
 * answers placeholders without further complaint: its own problem already says it all.
 */
final class YamlSection {

    private final String path;
    private final JsonNode node;
    private final Problems problems;
    private final Set<String> read = new HashSet<>();

    private YamlSection(String path, JsonNode node, Problems problems) {
        this.path = path;
        this.node = node;
        this.problems = problems;
    }

    static YamlSection root(JsonNode node, Problems problems) {
        if (node == null || !node.isObject()) {
            problems.add("", "expected a mapping of sections");
            return new YamlSection("", null, problems);
        }
        return new YamlSection("", node, problems);
    }

    String path() {
        return path;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Problems problems() {
        return problems;
    }

    boolean isDead() {
        return node == null;
    }

    /** Whether an optional key is present; marks it read. */
    boolean has(String key) {
        read.add(key);
        return node != null && node.hasNonNull(key);
    }

    private JsonNode value(String key) {
        read.add(key);
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            problems.add(pathOf(key), "missing");
            return null;
        }
        return v;
    }

    YamlSection section(String key) {
        JsonNode v = value(key);
        if (v == null) {
            return new YamlSection(pathOf(key), null, problems);
        }
        if (!v.isObject()) {
            problems.add(pathOf(key), "expected a mapping, got " + describe(v));
            return new YamlSection(pathOf(key), null, problems);
        }
        return new YamlSection(pathOf(key), v, problems);
    }

    List<YamlSection> list(String key) {
        JsonNode v = value(key);
        List<YamlSection> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            problems.add(pathOf(key), "expected a list, got " + describe(v));
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            String p = pathOf(key) + "[" + i + "]";
            JsonNode item = v.get(i);
            if (item.isObject()) {
                out.add(new YamlSection(p, item, problems));
            } else {
                problems.add(p, "expected a mapping, got " + describe(item));
                out.add(new YamlSection(p, null, problems));
            }
        }
        return out;
    }

    /** A number (an integer is fine) within [min, max]; NaN when missing or wrong. */
    double decimal(String key, double min, double max, Limit limit) {
        return decimal(key, min, limit, max, limit);
    }

    /** As {@link #decimal(String, double, double, Limit)} with a different kind of bound per side. */
    double decimal(String key, double min, Limit minLimit, double max, Limit maxLimit) {
        JsonNode v = value(key);
        if (v == null) {
            return Double.NaN;
        }
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            problems.add(pathOf(key), "expected a number, got " + describe(v));
            return Double.NaN;
        }
        double d = v.doubleValue();
        if (d < min) {
            problems.add(pathOf(key), minLimit.below(v.asText(), Double.toString(min)));
            return Double.NaN;
        }
        if (d > max) {
            problems.add(pathOf(key), maxLimit.above(v.asText(), Double.toString(max)));
            return Double.NaN;
        }
        return d;
    }

    /** A whole number within [min, max]; 0 when missing or wrong. */
    int integer(String key, long min, long max, Limit limit) {
        JsonNode v = value(key);
        if (v == null) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            problems.add(pathOf(key), "expected a whole number, got " + describe(v));
            return 0;
        }
        long l = v.longValue();
        return inRange(pathOf(key), l, v.asText(), min, max, limit, Long.toString(min),
                Long.toString(max)) ? (int) l : 0;
    }

    private boolean inRange(String p, double d, String text, double min, double max, Limit limit,
            String minText, String maxText) {
        if (d < min) {
            problems.add(p, limit.below(text, minText));
            return false;
        }
        if (d > max) {
            problems.add(p, limit.above(text, maxText));
            return false;
        }
        return true;
    }

    boolean bool(String key) {
        JsonNode v = value(key);
        if (v == null) {
            return false;
        }
        if (!v.isBoolean()) {
            problems.add(pathOf(key), "expected true or false, got " + describe(v));
            return false;
        }
        return v.booleanValue();
    }

    /** Any string, empty allowed; "" when missing or wrong. */
    String text(String key) {
        JsonNode v = value(key);
        if (v == null) {
            return "";
        }
        if (!v.isTextual()) {
            problems.add(pathOf(key), "expected a string, got " + describe(v));
            return "";
        }
        return v.textValue();
    }

    /** A string matching the pattern entirely; "" when missing or wrong. */
    String text(String key, Pattern pattern, String expected) {
        JsonNode v = value(key);
        if (v == null) {
            return "";
        }
        if (!v.isTextual()) {
            problems.add(pathOf(key), "expected a string, got " + describe(v));
            return "";
        }
        if (!pattern.matcher(v.textValue()).matches()) {
            problems.add(pathOf(key), quote(v.textValue()) + " is not " + expected);
            return "";
        }
        return v.textValue();
    }

    /** One of a fixed set of words (an enum's YAML names); null when missing or wrong. */
    <T> T choice(String key, Function<String, Optional<T>> parse, String expected) {
        JsonNode v = value(key);
        if (v == null) {
            return null;
        }
        Optional<T> t = v.isTextual() ? parse.apply(v.textValue()) : Optional.empty();
        if (t.isEmpty()) {
            problems.add(pathOf(key), describe(v) + " is not one of " + expected);
            return null;
        }
        return t.get();
    }

    /**
     * A {@code [min, max]} pair within [lo, hi]; a range of NaN when missing or wrong, which every
     * later comparison treats as "nothing to say".
     */
    Range range(String key, double lo, double hi, Limit limit) {
        Range bad = new Range(Double.NaN, Double.NaN);
        JsonNode v = value(key);
        if (v == null) {
            return bad;
        }
        if (!v.isArray() || v.size() != 2 || !v.get(0).isNumber() || !v.get(1).isNumber()
                || !Double.isFinite(v.get(0).doubleValue()) || !Double.isFinite(v.get(1).doubleValue())) {
            problems.add(pathOf(key), "expected [min, max], got " + describe(v));
            return bad;
        }
        double min = v.get(0).doubleValue();
        double max = v.get(1).doubleValue();
        if (min > max) {
            problems.add(pathOf(key), "min " + v.get(0).asText() + " is above max " + v.get(1).asText());
            return bad;
        }
        boolean ok = inRange(pathOf(key), min, v.get(0).asText(), lo, hi, limit, Double.toString(lo),
                Double.toString(hi));
        ok &= inRange(pathOf(key), max, v.get(1).asText(), lo, hi, limit, Double.toString(lo),
                Double.toString(hi));
        return ok ? new Range(min, max) : bad;
    }

    /** Reports every key of this mapping that no read asked for. */
    void finish() {
        if (node == null) {
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!read.contains(key)) {
                problems.add(pathOf(key), "unknown key");
            }
        }
    }

    private static String describe(JsonNode v) {
        if (v.isTextual()) {
            return quote(v.textValue());
        }
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list " + abbreviate(v.toString());
        }
        return abbreviate(v.asText());
    }

    private static String quote(String s) {
        return "\"" + abbreviate(s) + "\"";
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
