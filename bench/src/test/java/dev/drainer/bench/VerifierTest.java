package dev.drainer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import dev.drainer.testkit.workload.BenchTables;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The bench's correctness checks catch a wrong downstream: a changed cell, a missing row. */
@ExtendWith(MariaDbExtension.class)
class VerifierTest {
    private final MariaDb db;
    @TempDir
    Path tmp;

    VerifierTest(MariaDb db) {
        this.db = db;
    }

    private BenchWorkload loaded(WorkloadGenerator.Mix mix, String schema) throws Exception {
        BenchWorkload w = WorkloadGenerator.generate(mix, 11, 1500, BenchTables.defs(schema), tmp.resolve("w"));
        try (Monitor m = new Monitor(new PrintStream(OutputStream.nullOutputStream()), Duration.ofMinutes(1))) {
            PhaseResult r = new PhaseRunner(Downstream.local(), schema + "_cp", tmp, 2, 4, m).pipeline(w, Phase.NO_RELAY);
            assertTrue(r.verified(), String.join("\n", r.problems()));
        }
        return w;
    }

    @Test
    void mixedWorkloadChecksumAndOracleCatchAChangedCellAndCountsCatchAMissingRow() throws Exception {
        String schema = db.createDatabase("verify_mixed");
        BenchWorkload w = loaded(WorkloadGenerator.Mix.MIXED, schema);
        Verifier v = new Verifier(Downstream.local());

        db.execute("UPDATE `" + schema + "`.accounts SET name = CONCAT(name, 'x') ORDER BY id LIMIT 1");
        Verifier.Outcome changed = v.verify(w);
        assertFalse(changed.ok());
        assertEquals("counts+checksums+oracle", changed.checks());
        assertTrue(changed.problems().stream().anyMatch(p -> p.startsWith("accounts: checksum ")), changed.problems().toString());
        assertTrue(changed.problems().stream().anyMatch(p -> p.startsWith("accounts: differs from the oracle")
                && p.contains("name")), changed.problems().toString());

        db.execute("DELETE FROM `" + schema + "`.orders ORDER BY id LIMIT 1");
        long expected = w.expected().rows(BenchTables.ORDERS);
        assertTrue(v.verify(w).problems().contains("orders: " + (expected - 1) + " rows, expected " + expected));
    }

    @Test
    void insertOnlyChecksumCatchesAChangedCellWithoutAnOracle() throws Exception {
        String schema = db.createDatabase("verify_insert");
        BenchWorkload w = loaded(WorkloadGenerator.Mix.INSERT_ONLY, schema);
        db.execute("UPDATE `" + schema + "`.line_items SET qty = qty + 1 ORDER BY order_id, line LIMIT 1");
        Verifier.Outcome o = new Verifier(Downstream.local()).verify(w);
        assertEquals("counts+checksums", o.checks());
        assertEquals(1, o.problems().size(), o.problems().toString());
        assertTrue(o.problems().get(0).startsWith("line_items: checksum "), o.problems().toString());
    }
}
