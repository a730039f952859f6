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
 * The committed crds/ copy must equal what the Java types generate; run with -Dcrds.update=true to rewrite it
 * after changing the types.
 */
class CrdDriftTest {
    private static final Path COMMITTED = Path.of(System.getProperty("drainer.crds.dir", "../crds"))
            .resolve(CrdDrift.FILE_NAME);

    @TempDir
    Path dir;

    @Test
    void committedCrdMatchesTheJavaTypes() throws IOException {
        String generated = CrdDrift.generate(dir);
        if (Boolean.getBoolean("crds.update")) {
            Files.writeString(COMMITTED, generated, StandardCharsets.UTF_8);
        }
        if (!Files.exists(COMMITTED)) {
            fail(COMMITTED + " is missing; generate it with -Dcrds.update=true and commit it");
        }
        Optional<String> diff = CrdDrift.firstDifference(Files.readString(COMMITTED, StandardCharsets.UTF_8), generated);
        diff.ifPresent(d -> fail(COMMITTED + " differs from the CRD generated from the Java types: " + d
                + "; regenerate it with -Dcrds.update=true and commit it"));
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
