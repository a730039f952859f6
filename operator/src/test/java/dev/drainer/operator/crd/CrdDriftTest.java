package dev.drainer.operator.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.opentest4j.AssertionFailedError;
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
        assertSameAsGenerated(copy, generated);
    }

    private static void assertSameAsGenerated(Path copy, String generated) throws IOException {
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
    void theCheckFailsOnAHandEditedFileNamingItAndTheLine() throws IOException {
        String generated = CrdDrift.generate(dir);
        Path copy = Files.createDirectory(dir.resolve("crds")).resolve(CrdDrift.FILE_NAME);
        Files.writeString(copy, generated.replace("singular: \"drainer\"", "singular: \"drainr\""),
                StandardCharsets.UTF_8);
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> assertSameAsGenerated(copy, generated));
        assertTrue(e.getMessage().startsWith(copy + " differs from the CRD generated from the Java types: line 13 (at"
                + " spec.names.singular): committed `singular: \"drainr\"` but generated `singular: \"drainer\"`"),
                e.getMessage());

        Files.writeString(copy, generated.replace("\n", "\r\n"), StandardCharsets.UTF_8);
        assertTrue(assertThrows(AssertionFailedError.class, () -> assertSameAsGenerated(copy, generated)).getMessage()
                .contains("other line endings"));
        Files.writeString(copy, generated, StandardCharsets.UTF_8);
        assertSameAsGenerated(copy, generated);
    }

    @Test
    void theCrdHasTheShortNameAndThePrinterColumns() throws IOException {
        CustomResourceDefinition crd = new KubernetesSerialization().unmarshal(CrdDrift.generate(dir),
                CustomResourceDefinition.class);
        assertEquals(List.of("drn"), crd.getSpec().getNames().getShortNames());
        assertEquals(List.of("v1alpha1"), crd.getSpec().getVersions().stream().map(v -> v.getName()).toList());
        List<String> columns = crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns().stream()
                .map(CrdDriftTest::column).sorted().toList();
        assertEquals(List.of("Age .metadata.creationTimestamp date",
                "Checkpoint-TS .status.checkpoint.commitTS integer",
                "Checkpoint-Time .status.checkpoint.commitTime string",
                "Consistent .status.checkpoint.consistent boolean", "PD .status.pd.reachable boolean",
                "Phase .status.phase string"), columns);
    }

    private static String column(CustomResourceColumnDefinition c) {
        return c.getName() + " " + c.getJsonPath() + " " + c.getType();
    }

    @Test
    void aTruncatedCopyIsReported() throws IOException {
        String generated = CrdDrift.generate(dir);
        String truncated = generated.lines().limit(5).map(l -> l + "\n").reduce("", String::concat);
        assertTrue(CrdDrift.firstDifference(truncated, generated).orElseThrow().startsWith("line 6 "));
        assertEquals(Optional.empty(), CrdDrift.firstDifference(generated, generated));
    }
}
