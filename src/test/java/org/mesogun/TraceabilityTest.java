package org.mesogun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * requirements §4: every safety requirement is verified by a test that says so ({@link Verifies}). This
 * walks the compiled test classes (target/test-classes, found from this class's own location),
 * collects the annotations, fails on any requirement without a test and on any annotation naming
 * an unknown one, and writes docs/traceability.md — sorted, without timestamps, so the committed
 * file changes only when the tests do.
 */
class TraceabilityTest {

    static final String DOC = "docs/traceability.md";

    @Test
    void everySafetyRequirementHasATestAndTheMatrixIsWritten() throws Exception {
        Map<String, String> requirements = requirements();
        assertEquals(13, requirements.size(), "SR-1 … SR-13");
        Path classes = testClassesDirectory();
        Map<String, SortedSet<String>> claims = claims(classes);

        Path doc = classes.getParent().getParent().resolve(DOC);
        String text = render(requirements, claims);
        if (!Files.exists(doc) || !Files.readString(doc, StandardCharsets.UTF_8).equals(text)) {
            Files.createDirectories(doc.getParent());
            Files.writeString(doc, text, StandardCharsets.UTF_8);
        }

        List<String> problems = problems(requirements, claims);
        assertTrue(problems.isEmpty(), () -> "traceability:\n  " + String.join("\n  ", problems));
    }

    @Test
    void aRequirementWithoutATestAndAnUnknownRequirementAreBothReported() {
        Map<String, String> requirements = new LinkedHashMap<>();
        requirements.put("SR-1", "depth");
        requirements.put("SR-2", "dose");
        Map<String, SortedSet<String>> claims = new TreeMap<>();
        claims.put("SR-1", new TreeSet<>(List.of("ATest#depth")));
        claims.put("SR-99", new TreeSet<>(List.of("BTest#nonsense")));
        assertEquals(List.of("SR-2 (dose) has no test annotated @Verifies(\"SR-2\")",
                        "BTest#nonsense names SR-99, which is not a requirement"),
                problems(requirements, claims));
        claims.put("SR-2", new TreeSet<>(List.of("ATest#dose")));
        claims.remove("SR-99");
        assertEquals(List.of(), problems(requirements, claims));
    }

    /** The requirement list, in the order of docs/requirements.md. */
    static Map<String, String> requirements() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream s = TraceabilityTest.class.getResourceAsStream("/requirements.txt")) {
            if (s == null) {
                throw new IOException("requirements.txt missing from the test resources");
            }
            for (String line : new String(s.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t", 2);
                out.put(parts[0].trim(), parts.length > 1 ? parts[1].trim() : "");
            }
        }
        return out;
    }

    static Path testClassesDirectory() throws URISyntaxException {
        Path p = Path.of(TraceabilityTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("test classes are not a directory: " + p);
        }
        return p;
    }

    /** Requirement id → "package.Class#method" of every test that claims it (sorted). */
    static Map<String, SortedSet<String>> claims(Path classes) throws IOException {
        Map<String, SortedSet<String>> out = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(f -> f.toString().endsWith(".class")).sorted().toList();
        }
        ClassLoader loader = TraceabilityTest.class.getClassLoader();
        for (Path f : files) {
            String rel = classes.relativize(f).toString().replace('\\', '/');
            String name = rel.substring(0, rel.length() - ".class".length()).replace('/', '.');
            if (name.endsWith("module-info") || name.endsWith("package-info")) {
                continue;
            }
            Class<?> c;
            try {
                c = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("cannot inspect " + name + " for @Verifies", e);
            }
            for (Method m : c.getDeclaredMethods()) {
                Verifies v = m.getAnnotation(Verifies.class);
                if (v == null) {
                    continue;
                }
                String where = shortName(c) + "#" + m.getName();
                for (String sr : v.value()) {
                    out.computeIfAbsent(sr.trim(), k -> new TreeSet<>()).add(where);
                }
            }
        }
        return out;
    }

    private static String shortName(Class<?> c) {
        String n = c.getName().replace('$', '.');
        return n.startsWith("org.mesogun.") ? n.substring("org.mesogun.".length()) : n;
    }

    static List<String> problems(Map<String, String> requirements, Map<String, SortedSet<String>> claims) {
        List<String> out = new ArrayList<>();
        for (var r : requirements.entrySet()) {
            if (claims.getOrDefault(r.getKey(), new TreeSet<>()).isEmpty()) {
                out.add(r.getKey() + " (" + r.getValue() + ") has no test annotated @Verifies(\""
                        + r.getKey() + "\")");
            }
        }
        for (var c : claims.entrySet()) {
            if (!requirements.containsKey(c.getKey())) {
                for (String test : c.getValue()) {
                    out.add(test + " names " + c.getKey() + ", which is not a requirement");
                }
            }
        }
        return out;
    }

    static String render(Map<String, String> requirements, Map<String, SortedSet<String>> claims) {
        StringBuilder b = new StringBuilder();
        b.append("# Traceability: safety requirements → tests\n\n");
        b.append("Generated by `mvn verify` via `TraceabilityTest` (src/test/java/org/mesogun) from the\n");
        b.append("`@Verifies` annotations on test methods; do not edit by hand — change the tests and rebuild.\n");
        b.append("The requirements are in docs/requirements.md (titles abridged, listed in src/test/resources/requirements.txt).\n");
        b.append("The build fails when a requirement has no test. Test names are relative to `org.mesogun`.\n\n");
        b.append("| SR | requirement | tests |\n|---|---|---|\n");
        for (var r : requirements.entrySet()) {
            b.append("| [").append(r.getKey()).append("](#").append(r.getKey().toLowerCase()).append(") | ")
                    .append(r.getValue().replace("|", "\\|")).append(" | ")
                    .append(claims.getOrDefault(r.getKey(), new TreeSet<>()).size()).append(" |\n");
        }
        for (var r : requirements.entrySet()) {
            b.append("\n## ").append(r.getKey()).append("\n\n").append(r.getValue()).append("\n\n");
            SortedSet<String> tests = claims.getOrDefault(r.getKey(), new TreeSet<>());
            if (tests.isEmpty()) {
                b.append("- **no test** (the build fails)\n");
            }
            for (String t : tests) {
                b.append("- `").append(t).append("`\n");
            }
        }
        return b.toString();
    }
}
