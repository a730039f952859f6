package dev.drainer.operator.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both committed copies of the CRD, crds/ (kubectl apply) and the Helm chart's charts/drainer-operator/crds/, must
 * equal byte for byte what the Java types generate; run with -Dcrds.update=true to rewrite both after changing the
 * types.
 */
class CrdDriftTest {
    private static final Path COMMITTED = Path.of(System.getProperty("drainer.crds.dir", "../crds"))
            .resolve(CrdDrift.FILE_NAME);
    private static final Path CHART_COPY = Path.of(System.getProperty("drainer.chart.crds.dir",
            "../charts/drainer-operator/crds")).resolve(CrdDrift.FILE_NAME);

    @TempDir
    Path dir;

    @Test
    void committedCrdMatchesTheJavaTypes() throws IOException {
        assertCopyIsCurrent(COMMITTED, CrdDrift.generate(dir));
    }

    @Test
    void chartCopyMatchesTheJavaTypes() throws IOException {
        assertCopyIsCurrent(CHART_COPY, CrdDrift.generate(dir));
    }

    private static void assertCopyIsCurrent(Path copy, String generated) throws IOException {
        if (Boolean.getBoolean("crds.update")) {
            Files.writeString(copy, generated, StandardCharsets.UTF_8);
        }
        if (!Files.exists(copy)) {
            fail(copy + " is missing; generate it with -Dcrds.update=true and commit it");
        }
        String committed = Files.readString(copy, StandardCharsets.UTF_8);
        Optional<String> diff = CrdDrift.firstDifference(committed, generated);
        diff.ifPresent(d -> fail(copy + " differs from the CRD generated from the Java types: " + d
                + "; regenerate it with -Dcrds.update=true and commit it"));
        if (!committed.equals(generated)) {
            fail(copy + " has the generated lines but other line endings or a different final newline; regenerate it"
                    + " with -Dcrds.update=true and commit it");
        }
    }

    @Test
    void aHandEditedCopyIsReportedWithLineAndPath() throws IOException {
        String generated = CrdDrift.generate(dir);
        String edited = generated.replace("default: \"tidb_binlog\"", "default: \"my_binlog\"");
        assertTrue(!edited.equals(generated), "the CRD should carry the checkpoint schema default");
        int line = generated.lines().toList().indexOf(generated.lines()
                .filter(l -> l.contains("default: \"tidb_binlog\"")).findFirst().orElseThrow()) + 1;
        String diff = CrdDrift.firstDifference(edited, generated).orElseThrow();
        assertEquals("line " + line + " (at spec.versions.schema.openAPIV3Schema.properties.spec.properties.checkpoint"
                + ".properties.schema.default): committed `default: \"my_binlog\"` but generated"
                + " `default: \"tidb_binlog\"`", diff);
    }

    @Test
    void aTruncatedCopyIsReported() throws IOException {
        String generated = CrdDrift.generate(dir);
        String truncated = generated.lines().limit(5).map(l -> l + "\n").reduce("", String::concat);
        assertTrue(CrdDrift.firstDifference(truncated, generated).orElseThrow().startsWith("line 6 "));
        assertEquals(Optional.empty(), CrdDrift.firstDifference(generated, generated));
    }
}
