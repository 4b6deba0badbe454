package org.mesogun.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The envelope of a machine-written file: {@code {"kind", "format", "body", "sha256"}}, where
 * the SHA-256 covers the canonical form (sorted keys, no whitespace) of everything but itself.
 * Canonical, so re-indenting the file does not break it while any change of a value does.
 */
final class ChecksummedJson {

    static final String CHECKSUM = "sha256";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChecksummedJson() {
    }

    static byte[] encode(String kind, int format, ObjectNode body) {
        ObjectNode env = JSON.createObjectNode();
        env.put("kind", kind);
        env.put("format", format);
        env.set("body", body);
        env.put(CHECKSUM, ConfigLoader.sha256(canonical(env)));
        try {
            return (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(env) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of a valid file; {@link CorruptFileException} saying why otherwise. */
    static ObjectNode decode(byte[] bytes, String kind, int format) {
        JsonNode tree;
        try {
            tree = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw new CorruptFileException("not valid JSON (truncated?): " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (tree == null || !tree.isObject()) {
            throw new CorruptFileException("not a JSON object (empty or truncated?)");
        }
        ObjectNode env = (ObjectNode) tree;
        JsonNode sum = env.get(CHECKSUM);
        if (sum == null || !sum.isTextual()) {
            throw new CorruptFileException("no checksum");
        }
        ObjectNode rest = env.deepCopy();
        rest.remove(CHECKSUM);
        if (!ConfigLoader.sha256(canonical(rest)).equals(sum.textValue())) {
            throw new CorruptFileException("checksum mismatch: the file was changed or damaged");
        }
        if (!kind.equals(env.path("kind").asText(null))) {
            throw new CorruptFileException("kind is " + env.path("kind") + ", expected \"" + kind + "\"");
        }
        JsonNode f = env.get("format");
        if (f == null || !f.isInt() || f.intValue() != format) {
            throw new CorruptFileException("format " + f + " is not the format " + format + " this build reads");
        }
        JsonNode body = env.get("body");
        if (body == null || !body.isObject()) {
            throw new CorruptFileException("no body");
        }
        return (ObjectNode) body;
    }

    static byte[] canonical(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(sorted(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            Collections.sort(keys);
            ObjectNode out = JSON.createObjectNode();
            for (String k : keys) {
                out.set(k, sorted(node.get(k)));
            }
            return out;
        }
        if (node.isArray()) {
            var out = JSON.createArrayNode();
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                out.add(sorted(it.next()));
            }
            return out;
        }
        return node;
    }

    static ObjectNode newObject() {
        return JSON.createObjectNode();
    }

    /** Field readers for a body that passed its checksum but may still be malformed. */
    static JsonNode field(JsonNode obj, String key, String where) {
        JsonNode v = obj.get(key);
        if (v == null || v.isNull()) {
            throw new CorruptFileException(where + key + ": missing");
        }
        return v;
    }

    static double number(JsonNode obj, String key, String where) {
        JsonNode v = field(obj, key, where);
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            throw new CorruptFileException(where + key + ": not a number: " + v);
        }
        return v.doubleValue();
    }

    static long whole(JsonNode obj, String key, String where) {
        JsonNode v = field(obj, key, where);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new CorruptFileException(where + key + ": not a whole number: " + v);
        }
        return v.longValue();
    }

    static String text(JsonNode obj, String key, String where) {
        JsonNode v = field(obj, key, where);
        if (!v.isTextual()) {
            throw new CorruptFileException(where + key + ": not a string: " + v);
        }
        return v.textValue();
    }

    static boolean bool(JsonNode obj, String key, String where) {
        JsonNode v = field(obj, key, where);
        if (!v.isBoolean()) {
            throw new CorruptFileException(where + key + ": not true or false: " + v);
        }
        return v.booleanValue();
    }

    /** A key the reader does not know means a format this build does not understand. */
    static void onlyKeys(JsonNode obj, String where, String... keys) {
        List<String> known = List.of(keys);
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new CorruptFileException(where + k + ": unknown key");
            }
        }
    }
}
