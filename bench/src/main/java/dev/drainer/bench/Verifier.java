package dev.drainer.bench;

import dev.drainer.testkit.downstream.ComparisonResult;
import dev.drainer.testkit.downstream.DownstreamReader;
import dev.drainer.testkit.downstream.StateComparator;
import dev.drainer.testkit.workload.BenchTables;
import dev.drainer.testkit.workload.DatabaseState;
import dev.drainer.testkit.workload.TableContent;
import dev.drainer.testkit.workload.TableDef;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the downstream after a phase, so a fast but wrong loader cannot win: per table the row count
 * and a checksum over every column of every row ({@link RowChecksum}, computed by the server), and,
 * when the workload's model is kept (mixed), a full row-by-row comparison with the oracle through the
 * testkit's {@link StateComparator}, one table at a time so memory stays bounded.
 */
final class Verifier {
    /** Tables with more expected rows than this are checked by count and checksum only. */
    static final int FULL_COMPARE_MAX_ROWS = 250_000;

    private final Downstream db;

    Verifier(Downstream db) {
        this.db = db;
    }

    /** What a check found: {@code checks} names what ran, {@code problems} is empty when the data is right. */
    record Outcome(String checks, List<String> problems) {
        boolean ok() {
            return problems.isEmpty();
        }
    }

    Outcome verify(BenchWorkload w) throws SQLException {
        List<String> problems = new ArrayList<>();
        boolean compared = false;
        boolean skipped = false;
        try (Connection c = db.connect()) {
            for (int t = 0; t < BenchTables.COUNT; t++) {
                TableDef def = w.rowFactory().def(t);
                checkTotals(c, def, w.expected().rows(t), w.expected().checksum(t), problems);
                if (w.live() != null) {
                    if (w.live().get(t).size() <= FULL_COMPARE_MAX_ROWS) {
                        compare(c, w, t, problems);
                        compared = true;
                    } else {
                        skipped = true;
                    }
                }
            }
        }
        String checks = "counts+checksums" + (!compared ? "" : skipped ? "+oracle(tables<=" + FULL_COMPARE_MAX_ROWS
                + " rows)" : "+oracle");
        return new Outcome(checks, problems);
    }

    private static void checkTotals(Connection c, TableDef def, long rows, long checksum, List<String> problems)
            throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(RowChecksum.query(def))) {
            rs.next();
            long actualRows = rs.getLong(1);
            long actualChecksum = Long.parseUnsignedLong(rs.getString(2));
            if (actualRows != rows) {
                problems.add(def.name() + ": " + actualRows + " rows, expected " + rows);
            } else if (actualChecksum != checksum) {
                problems.add(def.name() + ": checksum " + Long.toUnsignedString(actualChecksum, 16) + ", expected "
                        + Long.toUnsignedString(checksum, 16) + " (same row count, different contents)");
            }
        }
    }

    private static void compare(Connection c, BenchWorkload w, int t, List<String> problems) throws SQLException {
        TableDef def = w.rowFactory().def(t);
        LiveRows live = w.live().get(t);
        Map<List<Object>, List<Object>> rows = new LinkedHashMap<>();
        for (int i = 0; i < live.size(); i++) {
            List<Object> row = w.rowFactory().row(t, live.key(i), live.version(i), live.slot(i));
            rows.put(def.keyOf(row), row);
        }
        DatabaseState expected = new DatabaseState(def.schema(), Map.of(def.name(), new TableContent(def, rows)));
        ComparisonResult result = StateComparator.compare(expected, DownstreamReader.read(c, def.schema(), List.of(def)));
        if (!result.isEqual()) {
            problems.add(def.name() + ": differs from the oracle:\n" + result.report());
        }
    }
}
