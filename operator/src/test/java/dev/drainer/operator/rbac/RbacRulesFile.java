package dev.drainer.operator.rbac;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code charts/drainer-operator/files/rbac-rules.yaml}: one rule per (apiGroup, resource), lists sorted, no
 * wildcards; the Helm chart grants exactly these rules.
 */
public final class RbacRulesFile {
    static final String HEADER = """
            # Every (apiGroup, resource, verb) the operator sends to the API server, measured by
            # operator test RecoverySequenceTest on the mock API server; the chart grants exactly these.
            """;

    private RbacRulesFile() {
    }

    /** The committed file in the chart (the build passes the charts directory as {@code drainer.charts.dir}). */
    public static Path committed() {
        return Path.of(System.getProperty("drainer.charts.dir"), "drainer-operator", "files", "rbac-rules.yaml");
    }

    /** The file's text for {@code triples}, with {@code notes} as comment lines after the header. */
    public static String render(SortedSet<RbacTriple> triples, List<String> notes) {
        SortedMap<String, SortedSet<String>> byResource = new TreeMap<>();
        for (RbacTriple t : triples) {
            byResource.computeIfAbsent(t.apiGroup() + "\0" + t.resource(), k -> new TreeSet<>()).add(t.verb());
        }
        StringBuilder b = new StringBuilder(HEADER);
        notes.forEach(n -> b.append("# ").append(n).append('\n'));
        b.append("rules:\n");
        byResource.forEach((key, verbs) -> {
            String[] gr = key.split("\0", 2);
            b.append("  - apiGroups: [").append(quote(gr[0])).append("]\n")
                    .append("    resources: [").append(quote(gr[1])).append("]\n")
                    .append("    verbs: [").append(verbs.stream().map(RbacRulesFile::quote)
                            .collect(Collectors.joining(", "))).append("]\n");
        });
        return b.toString();
    }

    /** The triples the file grants; a wildcard or a rule that is not one (apiGroup, resource) pair is refused. */
    @SuppressWarnings("unchecked")
    public static SortedSet<RbacTriple> read(Path file) throws IOException {
        Map<String, Object> doc = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(file), Map.class);
        SortedSet<RbacTriple> out = new TreeSet<>();
        for (Map<String, List<String>> rule : (List<Map<String, List<String>>>) doc.get("rules")) {
            List<String> groups = rule.get("apiGroups");
            List<String> resources = rule.get("resources");
            if (groups.size() != 1 || resources.size() != 1) {
                throw new IllegalArgumentException(file + ": rule " + rule + " must name one apiGroup and one"
                        + " resource (the contract is one rule per pair)");
            }
            for (String verb : rule.get("verbs")) {
                if (verb.contains("*") || resources.get(0).contains("*") || groups.get(0).contains("*")) {
                    throw new IllegalArgumentException(file + ": rule " + rule + " has a wildcard; list every verb");
                }
                out.add(new RbacTriple(groups.get(0), resources.get(0), verb));
            }
        }
        return out;
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
