package dev.drainer.operator.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.operator.Fixtures;
import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.DrainerStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The row-claim check over the Drainers of its table key (what the operator's cache index returns) decides exactly
 * as over every Drainer, for a generated set of Drainers that differ in each part of the row.
 */
class RowClaimsTest {
    /** Every combination of host spelling, port, schema, table, cluster id and PD endpoint, ages interleaved. */
    private static List<Drainer> drainers() {
        List<Drainer> all = new ArrayList<>();
        for (String host : List.of("db", " DB ", "db2")) {
            for (int port : List.of(3306, 3307)) {
                for (String schema : List.of("s1", "S1")) {
                    for (String table : List.of("t1", "t2")) {
                        for (String cluster : new String[] {null, "1", "2"}) {
                            for (String pd : List.of("http://pd:2379", "http://PD:2379 ", "http://other:2379")) {
                                Drainer d = Fixtures.drainer("ns", "d" + all.size());
                                d.getMetadata().setCreationTimestamp(String.format("2026-01-01T00:00:%02dZ",
                                        all.size() * 7 % 60));
                                d.getSpec().downstream.host = host;
                                d.getSpec().downstream.port = port;
                                d.getSpec().checkpoint.schema = schema;
                                d.getSpec().checkpoint.table = table;
                                d.getSpec().pd.endpoints = List.of(pd);
                                d.setStatus(new DrainerStatus());
                                d.getStatus().clusterID = cluster;
                                all.add(d);
                            }
                        }
                    }
                }
            }
        }
        return all;
    }

    @Test
    void theTableIndexFindsEveryDrainerOnTheSameRow() {
        List<Drainer> all = drainers();
        Map<String, List<Drainer>> index = all.stream()
                .collect(Collectors.groupingBy(d -> RowClaims.tableKey(d).orElseThrow()));
        int conflicts = 0;
        for (Drainer d : all) {
            List<Drainer> sameTable = index.get(RowClaims.tableKey(d).orElseThrow());
            Optional<String> overAll = RowClaims.conflict(d, all);
            assertEquals(overAll, RowClaims.conflict(d, sameTable), () -> d.getMetadata().getName());
            conflicts += overAll.isPresent() ? 1 : 0;
            for (Drainer other : all) {
                if (RowClaims.sameRow(d, other)) {
                    assertTrue(sameTable.contains(other), () -> d.getMetadata().getName() + " and "
                            + other.getMetadata().getName() + " share a row but not a table key");
                }
            }
        }
        assertTrue(conflicts > 0 && conflicts < all.size(), "the generated set has claims both ways: " + conflicts);
    }

    @Test
    void theTableKeyIgnoresHostCaseAndSpacesButNotSchemaCase() {
        Drainer a = Fixtures.drainer("ns", "a");
        Drainer b = Fixtures.drainer("ns", "b");
        b.getSpec().downstream.host = " DB ";
        assertEquals(Optional.of("db:3306/tidb_binlog.checkpoint"), RowClaims.tableKey(a));
        assertEquals(RowClaims.tableKey(a), RowClaims.tableKey(b));
        b.getSpec().checkpoint.schema = "TIDB_BINLOG";
        assertNotEquals(RowClaims.tableKey(a), RowClaims.tableKey(b));
        b.getSpec().downstream = null;
        assertEquals(Optional.empty(), RowClaims.tableKey(b));
    }
}
