package org.mesogun.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The payload schemas of docs/schemas/, loaded with a real JSON Schema 2020-12 validator. */
final class Schemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<Topic, Schema> byTopic = new EnumMap<>(Topic.class);

    static Schemas load() {
        Schemas s = new Schemas();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        for (Topic t : Topic.values()) {
            try (InputStream in = Files.newInputStream(Path.of("docs/schemas", t.suffix() + ".v1.json"))) {
                s.byTopic.put(t, registry.getSchema(in));
            } catch (IOException e) {
                throw new IllegalStateException("docs/schemas/" + t.suffix() + ".v1.json: " + e, e);
            }
        }
        return s;
    }

    /** Problems of one payload on topic kind {@code kind}; empty when valid. */
    List<String> validate(String kind, String payload) {
        Topic t = Topic.fromSuffix(kind);
        if (t == null) {
            return List.of("no topic " + kind);
        }
        try {
            return byTopic.get(t).validate(JSON.readTree(payload)).stream().map(Object::toString).toList();
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
    }
}
