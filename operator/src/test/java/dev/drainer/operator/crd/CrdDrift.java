package dev.drainer.operator.crd;

import dev.drainer.operator.api.Drainer;
import io.fabric8.crdv2.generator.CRDGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Generates the Drainer CRD from the Java types (fabric8 crd-generator, as QOSDK does) and diffs it. */
final class CrdDrift {
    static final String FILE_NAME = "drainers." + Drainer.GROUP + "-v1.yml";

    private CrdDrift() {
    }

    /** The CRD YAML the Java types give today. */
    static String generate(Path workDir) throws IOException {
        new CRDGenerator().customResourceClasses(Drainer.class).forCRDVersions("v1")
                .inOutputDir(workDir.toFile()).generate();
        return Files.readString(workDir.resolve(FILE_NAME), StandardCharsets.UTF_8);
    }

    /** The first line where the committed copy and the generated CRD differ, with its YAML path; empty if equal. */
    static Optional<String> firstDifference(String committed, String generated) {
        List<String> a = committed.lines().toList();
        List<String> b = generated.lines().toList();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String left = i < a.size() ? a.get(i) : "<end of file>";
            String right = i < b.size() ? b.get(i) : "<end of file>";
            if (!left.equals(right)) {
                return Optional.of("line " + (i + 1) + " (at " + yamlPath(i < b.size() ? b : a, i) + "): committed `"
                        + left.strip() + "` but generated `" + right.strip() + "`");
            }
        }
        return Optional.empty();
    }

    /** The chain of parent keys of line {@code index}, found by walking up to smaller indentation. */
    static String yamlPath(List<String> lines, int index) {
        StringBuilder path = new StringBuilder();
        int indent = indent(lines.get(index));
        String own = key(lines.get(index));
        for (int i = index - 1; i >= 0 && indent > 0; i--) {
            String line = lines.get(i);
            if (line.isBlank() || indent(line) >= indent) {
                continue;
            }
            indent = indent(line);
            path.insert(0, key(line) + ".");
        }
        return path.append(own).toString();
    }

    private static int indent(String line) {
        int n = 0;
        while (n < line.length() && (line.charAt(n) == ' ' || line.charAt(n) == '-')) {
            n++;
        }
        return n;
    }

    private static String key(String line) {
        String s = line.strip();
        if (s.startsWith("- ")) {
            s = s.substring(2);
        }
        int colon = s.indexOf(':');
        return colon > 0 ? s.substring(0, colon).replace("\"", "") : s;
    }
}
