package org.mesogun.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The evidence that the simulator cannot produce in-process, read from what the full-form runs
 * left under {@code target/}: the passing reliability tests' fragments ({@code target/evidence/*.md}),
 * PIT's {@code mutations.xml} and JMH's JSON results. Each is optional: what is missing is reported
 * as not run, with the command that runs it.
 */
public final class EvidenceInputs {

    /** Killed (or timed out) over all mutants of one class. */
    public record PitClass(String pkg, String name, int detected, int total) {
    }

    /** A mutant no test noticed. */
    public record Survivor(String className, String method, int line, String mutator, String description) {
    }

    public record Pit(List<PitClass> classes, List<Survivor> survivors) {
        public int detected() {
            return classes.stream().mapToInt(PitClass::detected).sum();
        }

        public int total() {
            return classes.stream().mapToInt(PitClass::total).sum();
        }
    }

    /** One JMH result: average time per operation. */
    public record Jmh(String benchmark, double score, double error, String unit) {
    }

    private final Path evidenceDir;
    private final Path pitXml;
    private final Path jmhJson;

    public EvidenceInputs(Path evidenceDir, Path pitXml, Path jmhJson) {
        this.evidenceDir = evidenceDir;
        this.pitXml = pitXml;
        this.jmhJson = jmhJson;
    }

    /** The fragment a passing test wrote, or null. */
    public String fragment(String name) throws IOException {
        Path f = evidenceDir.resolve(name + ".md");
        return Files.isRegularFile(f) ? Files.readString(f) : null;
    }

    /** PIT's results, or null when there is no report. */
    public Pit pit() throws IOException {
        if (!Files.isRegularFile(pitXml)) {
            return null;
        }
        NodeList mutations;
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            mutations = factory.newDocumentBuilder().parse(pitXml.toFile()).getElementsByTagName("mutation");
        } catch (Exception e) {
            throw new IOException("cannot read " + pitXml + ": " + e.getMessage(), e);
        }
        Map<String, int[]> byClass = new TreeMap<>();
        List<Survivor> survivors = new ArrayList<>();
        for (int i = 0; i < mutations.getLength(); i++) {
            Element m = (Element) mutations.item(i);
            String cls = text(m, "mutatedClass");
            String top = cls.contains("$") ? cls.substring(0, cls.indexOf('$')) : cls;   // inner classes count with their class
            int[] c = byClass.computeIfAbsent(top, k -> new int[2]);
            c[1]++;
            if ("true".equals(m.getAttribute("detected"))) {
                c[0]++;
            } else {
                String mutator = text(m, "mutator");
                survivors.add(new Survivor(cls.substring(cls.lastIndexOf('.') + 1), text(m, "mutatedMethod"),
                        Integer.parseInt(text(m, "lineNumber")), mutator.substring(mutator.lastIndexOf('.') + 1),
                        text(m, "description")));
            }
        }
        List<PitClass> classes = new ArrayList<>();
        byClass.forEach((k, v) -> classes.add(new PitClass(k.substring(0, Math.max(0, k.lastIndexOf('.'))),
                k.substring(k.lastIndexOf('.') + 1), v[0], v[1])));
        return new Pit(classes, survivors);
    }

    /** JMH's results, or an empty list when there are none. */
    public List<Jmh> jmh() throws IOException {
        if (!Files.isRegularFile(jmhJson)) {
            return List.of();
        }
        List<Jmh> out = new ArrayList<>();
        for (JsonNode b : new ObjectMapper().readTree(jmhJson.toFile())) {
            JsonNode m = b.path("primaryMetric");
            String name = b.path("benchmark").asText();
            out.add(new Jmh(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1),
                    m.path("score").asDouble(), m.path("scoreError").asDouble(Double.NaN),
                    m.path("scoreUnit").asText()));
        }
        return out;
    }

    static String pct(int detected, int total) {
        return String.format(Locale.ROOT, "%d / %d = %.1f %%", detected, total, total == 0 ? 0 : 100.0 * detected / total);
    }

    private static String text(Element m, String tag) {
        NodeList l = m.getElementsByTagName(tag);
        return l.getLength() == 0 ? "" : l.item(0).getTextContent().trim();
    }
}
