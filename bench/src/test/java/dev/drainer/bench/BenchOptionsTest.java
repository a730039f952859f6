package dev.drainer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void defaultsAreAMillionRowsAndTheDrainersShape() {
        BenchOptions o = BenchOptions.parse(List.of(), 16, 20);
        assertEquals(new BenchOptions(1_000_000, 16, 20, 42, Set.of(), null, 1000, "512m", 0, 500_000, 1_000_000, 3), o);
        assertEquals(100_000, o.oneRowRows());
        assertEquals(500_000, o.warmupRowsPerWorkload());
        assertEquals(1_000_000, o.drainerWarmupRows());
        assertTrue(o.selected("mixed", Phase.RECOVERY));
    }

    @Test
    void flagsOverrideAndOnlySelectsPhasesWorkloadsOrPairs() {
        BenchOptions o = BenchOptions.parse(List.of("-rows=300_000", "--workers=8", "-txn-batch=64", "-seed=7",
                "-only=baseline,mixed,insert:recovery", "-mysql-url=mysql://u:p@h:3307"), 16, 20);
        assertEquals(300_000, o.rows());
        assertEquals(8, o.workers());
        assertEquals(64, o.txnBatch());
        assertEquals(7, o.seed());
        assertEquals("mysql://u:p@h:3307", o.mysqlUrl());
        assertTrue(o.selected("insert", Phase.BASELINE));
        assertTrue(o.selected("mixed", Phase.ONE_ROW));
        assertTrue(o.selected("insert", Phase.RECOVERY));
        assertFalse(o.selected("insert", Phase.NO_RELAY));
    }

    @Test
    void upstreamNamesItsThreePhasesOnTheInsertWorkloadOnlyWithTheirOwnFlags() {
        BenchOptions o = BenchOptions.parse(List.of("-only=upstream", "-backlog-mb=50", "-drainer-xmx=1g",
                "-feed-rate=2_000"), 16, 20);
        assertEquals(Set.of("upstream-no-relay", "upstream-relay", "upstream-backlog"), o.only());
        for (Phase p : Phase.UPSTREAM) {
            assertTrue(o.selected("insert", p), p.id);
            assertFalse(o.selected("mixed", p), p.id);
        }
        assertFalse(o.selected("insert", Phase.BASELINE));
        assertEquals(50, o.backlogMb());
        assertEquals("1g", o.drainerXmx());
        assertEquals(2000, o.feedRate());
        assertTrue(BenchOptions.parse(List.of("-only=insert:upstream-relay"), 1, 1).selected("insert", Phase.UPSTREAM_RELAY));
        assertTrue(BenchOptions.parse(List.of(), 1, 1).selected("insert", Phase.UPSTREAM_BACKLOG), "part of everything");
        assertFalse(BenchOptions.parse(List.of("-only=mixed"), 1, 1).selected("mixed", Phase.UPSTREAM_RELAY));
    }

    @Test
    void upstreamFlagsRejectWhatTheChildJvmCouldNotTake() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(List.of("-only=mixed:upstream-relay"), 1, 1))
                .getMessage().contains("unknown phase or workload 'mixed:upstream-relay'"));
        for (String bad : List.of("512", "1t", "m", "32m", "-1g", "99999999999g")) {
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> BenchOptions.parse(List.of("-drainer-xmx=" + bad), 1, 1)).getMessage()
                    .startsWith("flag -drainer-xmx=" + bad + " needs a heap size of at least 64m"), bad);
        }
        assertEquals("65536k", BenchOptions.parse(List.of("-drainer-xmx=65536k"), 1, 1).drainerXmx());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("-feed-rate=-5"), 1, 1))
                .getMessage().startsWith("flag -feed-rate=-5 must be 0 or more"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("-backlog-mb=0"), 1, 1))
                .getMessage().startsWith("flag -backlog-mb=0 must be between 1 and "));
    }

    @Test
    void repeatsIsAtLeastOneRound() {
        assertEquals(1, BenchOptions.parse(List.of("-repeats=1"), 1, 1).repeats());
        assertEquals(5, BenchOptions.parse(List.of("-repeats=5"), 1, 1).repeats());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("-repeats=0"), 1, 1))
                .getMessage().startsWith("flag -repeats=0 must be between 1 and "));
    }

    @Test
    void theWarmUpIsAtMostTheWorkloadAndZeroTurnsItOff() {
        assertEquals(5_000, BenchOptions.parse(List.of("-rows=5000"), 1, 1).warmupRowsPerWorkload());
        assertEquals(50_000, BenchOptions.parse(List.of("-warmup-rows=50_000"), 1, 1).warmupRowsPerWorkload());
        assertEquals(0, BenchOptions.parse(List.of("-warmup-rows=0"), 1, 1).warmupRowsPerWorkload());
        assertEquals(5_000, BenchOptions.parse(List.of("-rows=5000"), 1, 1).drainerWarmupRows());
        BenchOptions upstream = BenchOptions.parse(List.of("-upstream-warmup-rows=70_000", "-warmup-rows=0"), 1, 1);
        assertEquals(70_000, upstream.drainerWarmupRows(), "set apart from the pipeline pass");
        assertEquals(0, upstream.warmupRowsPerWorkload());
        assertEquals(0, BenchOptions.parse(List.of("-upstream-warmup-rows=0"), 1, 1).drainerWarmupRows());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("-warmup-rows=-1"), 1, 1))
                .getMessage().startsWith("flag -warmup-rows=-1 must be 0 or more"));
    }

    @Test
    void theOneRowSubsetIsATenthButAtLeastAThousandRows() {
        assertEquals(1000, BenchOptions.parse(List.of("-rows=2000"), 1, 1).oneRowRows());
        assertEquals(500, BenchOptions.parse(List.of("-rows=500"), 1, 1).oneRowRows());
        assertEquals(30_000, BenchOptions.parse(List.of("-rows=300000"), 1, 1).oneRowRows());
    }

    @Test
    void badValuesNameTheFlag() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("-rows=0"), 1, 1))
                .getMessage().startsWith("flag -rows=0 must be between 1 and "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("-seed=x"), 1, 1))
                .getMessage().startsWith("flag -seed=x needs a whole number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("-workers"), 1, 1))
                .getMessage().startsWith("flag -workers needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(List.of("-only=mixed:baseline"), 1, 1))
                .getMessage().contains("unknown phase or workload 'mixed:baseline'"));
    }

    @Test
    void mysqlUrlGivesTheEndpointAndHidesThePassword() {
        Downstream d = Downstream.fromUrl("mysql://bench:s3cret@db.example:3307");
        assertEquals(new Downstream("db.example", 3307, "bench", "s3cret", "-mysql-url"), d);
        assertFalse(d.toString().contains("s3cret"), d.toString());
        assertEquals(3306, Downstream.fromUrl("mysql://db.example").port());
    }
}
