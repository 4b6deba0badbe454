package org.mesogun.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The shipped default profile, edited by path ({@code protocols[2].soft.depth_mm}) for tests,
 * so every test starts from a valid file and breaks exactly one thing.
 */
final class ConfigFixture {

    static final Path DEFAULT = Path.of("config", "mesogun.yaml");
    private static final YAMLMapper YAML = new YAMLMapper();

    private final ObjectNode tree;

    private ConfigFixture(ObjectNode tree) {
        this.tree = tree;
    }

    static ConfigFixture defaults() {
        try {
            return new ConfigFixture((ObjectNode) YAML.readTree(DEFAULT.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DeviceConfig defaultConfig() {
        return ConfigLoader.load(DEFAULT);
    }

    /** Sets (or adds) the value at a path; a value is a Number, String, Boolean, List or null. */
    ConfigFixture set(String path, Object value) {
        Parent p = parent(path);
        JsonNode v = YAML.valueToTree(value);
        if (p.index >= 0) {
            ((ArrayNode) p.node).set(p.index, v);
        } else {
            ((ObjectNode) p.node).set(p.key, v);
        }
        return this;
    }

    ConfigFixture remove(String path) {
        Parent p = parent(path);
        if (p.index >= 0) {
            ((ArrayNode) p.node).remove(p.index);
        } else {
            ((ObjectNode) p.node).remove(p.key);
        }
        return this;
    }

    byte[] yaml() {
        try {
            return YAML.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    DeviceConfig load() {
        return ConfigLoader.parse(yaml(), "test.yaml");
    }

    /** The problems the edited file is rejected with; fails if it loads. */
    List<String> problems() {
        try {
            load();
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected the edited config to be rejected");
    }

    private record Parent(JsonNode node, String key, int index) {
    }

    private Parent parent(String path) {
        JsonNode node = tree;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            String key = part;
            int index = -1;
            int b = part.indexOf('[');
            if (b >= 0) {
                key = part.substring(0, b);
                index = Integer.parseInt(part.substring(b + 1, part.length() - 1));
            }
            boolean last = i == parts.length - 1;
            if (last && index < 0) {
                return new Parent(node, key, -1);
            }
            node = node.get(key);
            if (last) {
                return new Parent(node, null, index);
            }
            if (index >= 0) {
                node = node.get(index);
            }
        }
        throw new IllegalArgumentException(path);
    }
}
