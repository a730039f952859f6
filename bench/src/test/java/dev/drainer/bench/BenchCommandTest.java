package dev.drainer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.runtime.cli.ExitCode;
import dev.drainer.runtime.cli.Main;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code drainer bench} end to end on the test MariaDB with tiny sizes: every figure is reported,
 * verified, and set against the baseline and the targets. Nothing here depends on how fast anything is.
 */
@ExtendWith(MariaDbExtension.class)
class BenchCommandTest {
    private static final Pattern RESULT = Pattern.compile("^result workload=(\\w+) phase=([\\w-]+) round=(\\d+) rows=(\\d+)"
            + " seconds=[\\d.]+ rowsPerSec=\\d+( relayMBPerSec=[\\d.]+)? ratio=[\\d.]+ verified=(\\w+)"
            + " checks=(\\S+)( note=\".*\")?$", Pattern.MULTILINE);

    private final MariaDb db;

    BenchCommandTest(MariaDb db) {
        this.db = db;
    }

    private record Run(ExitCode code, String out, String err) {
    }

    private static Run bench(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of("bench"));
        argv.addAll(List.of(args));
        ExitCode code = Main.run(argv, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void tinyRunReportsEveryPhaseVerifiedAgainstTheBaselineAndTheTargets() {
        Run r = bench("-rows=2000", "-workers=3", "-txn-batch=8", "-seed=5", "-backlog-mb=1", "-repeats=2");
        assertEquals(ExitCode.OK, r.code(), r.out() + r.err());

        assertTrue(r.out().contains("generated workload=insert rows=2000 "), r.out());
        assertTrue(r.out().contains("generated workload=mixed rows=2000 "), r.out());
        for (int batch : Baseline.BATCHES) {
            for (int connections : List.of(1, 2, 3, 4)) {
                assertTrue(Pattern.compile("^baseline batch=" + batch + " connections=" + connections
                        + " rows=2000 .* verified=yes checks=counts\\+checksums$", Pattern.MULTILINE)
                        .matcher(r.out()).find(), "baseline cell " + batch + "x" + connections + " in\n" + r.out());
            }
        }
        assertTrue(r.out().contains("baseline (max of the sweep): "), r.out());
        // The untimed warm-up runs each workload's first rows (all 2000 here) through the pipeline before any phase.
        List<String> warmups = r.out().lines().filter(l -> l.startsWith("warmup ")).toList();
        assertEquals(2, warmups.size(), r.out());
        for (String w : List.of("insert", "mixed")) {
            assertTrue(warmups.stream().anyMatch(l -> l.matches("warmup workload=" + w + " phase=relay-fsync-commit"
                    + " rows=2000 seconds=[\\d.]+ verified=yes checks=counts\\+checksums(\\+oracle)?")), r.out());
        }
        assertTrue(r.out().indexOf("warmup ") < r.out().indexOf("result "), r.out());

        Matcher m = RESULT.matcher(r.out());
        List<String> order = new ArrayList<>();
        while (m.find()) {
            order.add(m.group(1) + ":" + m.group(2) + ":" + m.group(3));
            String workload = m.group(1);
            Phase phase = Phase.valueOf(m.group(2).toUpperCase().replace('-', '_'));
            assertEquals("yes", m.group(6), m.group());
            // The mixed workload's model is kept, so its downstream is compared with the oracle row by row.
            assertEquals(workload.equals("mixed") ? "counts+checksums+oracle" : "counts+checksums", m.group(7), m.group());
            if (phase == Phase.ONE_ROW) {
                assertEquals("1000", m.group(4), m.group());
                assertEquals(" note=\"first 1000 row changes of the workload\"", m.group(8), m.group());
            } else if (phase == Phase.UPSTREAM_BACKLOG) {
                assertTrue(Long.parseLong(m.group(4)) > 2000, "1 MB of binlogs is more than the live rows: " + m.group());
            } else if (phase == Phase.UPSTREAM_NO_RELAY || phase == Phase.UPSTREAM_RELAY) {
                // The warm-up ends with the transaction that reaches its 2000 rows; the timed rows are the rest of 4000.
                Matcher warm = Pattern.compile("warm-up of the drainer on the first (\\d+) rows").matcher(m.group());
                assertTrue(warm.find(), m.group());
                long warmRows = Long.parseLong(warm.group(1));
                assertTrue(warmRows >= 2000 && warmRows < 2016, m.group());
                assertEquals(4000 - warmRows, Long.parseLong(m.group(4)), m.group());
            } else {
                assertEquals("2000", m.group(4), m.group());
            }
            if (phase == Phase.RECOVERY) {
                assertTrue(m.group(5) != null, "recovery reports relay MB/s: " + m.group());
            }
        }
        // Round 2 repeats only what the targets judge (no mixed recovery), in the opposite order; the backlog runs once,
        // last (in round 2).
        assertEquals(List.of("insert:no-relay:1", "insert:relay-fsync-commit:1", "insert:relay-fsync-off:1",
                "insert:recovery:1", "insert:one-row:1", "mixed:no-relay:1", "mixed:relay-fsync-commit:1",
                "mixed:relay-fsync-off:1", "mixed:recovery:1", "mixed:one-row:1", "insert:upstream-no-relay:1",
                "insert:upstream-relay:1", "insert:recovery:2", "insert:relay-fsync-commit:2", "insert:no-relay:2",
                "mixed:relay-fsync-commit:2", "mixed:no-relay:2", "insert:upstream-relay:2",
                "insert:upstream-backlog:2"), order, r.out());
        // Round 2 measured the sweep's best cell again before its phases, and took its ratios against it.
        assertEquals(1, r.out().lines().filter(l -> l.matches("baseline round=2 batch=\\d+ connections=\\d+ rows=2000"
                + " .* verified=yes checks=counts\\+checksums")).count(), r.out());
        assertTrue(r.out().indexOf("baseline round=2 ") < r.out().indexOf(" round=2 rows="), r.out());

        // The upstream phases ran drainer run in a child JVM: lag for the live ones, the child's memory for all.
        List<String> upstream = r.out().lines().filter(l -> l.startsWith("upstream phase=")).toList();
        assertEquals(4, upstream.size(), r.out());
        for (String l : upstream) {
            boolean live = !l.startsWith("upstream phase=upstream-backlog ");
            assertTrue(l.matches("upstream phase=[\\w-]+ " + (live ? "lagP50Ms=\\d+ lagP99Ms=\\d+ lagMaxMs=\\d+"
                    + " lagSamples=[1-9]\\d* " : "") + "fedMB=[\\d.]+ feedSeconds=[\\d.]+ drainerPeakRssMB=[1-9]\\d*"
                    + " drainerXmx=512m"), l);
        }
        assertTrue(r.out().contains(" note=\"backlog 1 MB fed in "), r.out());

        List<String> targets = r.out().lines().filter(l -> l.startsWith("target ")).toList();
        assertEquals(6, targets.size(), r.out());
        targets.forEach(t -> assertTrue(t.matches("target (PASS|MISS) .*median of 2 rounds.*:"
                + " -?[\\d.]+%?"), t));
        assertTrue(Pattern.compile("^memory peakRssMB=\\d+ maxHeapUsedMB=\\d+ maxHeapMB=\\d+ ",
                Pattern.MULTILINE).matcher(r.out()).find(), r.out());
    }

    @Test
    void onlySelectsPhasesAndWorkloadsOnAServerNamedByUrlAndTargetsWithoutFiguresAreNotMeasured() {
        Run r = bench("-rows=1000", "-workers=2", "-only=mixed:no-relay,insert:relay-fsync-off", "-warmup-rows=0",
                "-mysql-url=mysql://" + db.user() + ":" + db.password() + "@" + db.host() + ":" + db.port());
        assertEquals(ExitCode.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains(" downstream=" + db.user() + "@" + db.host() + ":" + db.port() + " (-mysql-url) "),
                r.out());
        List<String> results = r.out().lines().filter(l -> l.startsWith("result ")).toList();
        // no-relay is judged by a target, so it runs the default three rounds; relay-fsync-off runs once.
        assertEquals(List.of("insert relay-fsync-off round=1", "mixed no-relay round=1", "mixed no-relay round=2",
                "mixed no-relay round=3"), results.stream()
                .map(l -> l.replaceFirst("^result workload=(\\S+) phase=(\\S+) (round=\\d+) .*", "$1 $2 $3")).toList(),
                r.out());
        // Without the baseline there is no ratio, and no target can be judged.
        assertTrue(results.stream().allMatch(l -> l.contains(" ratio=n/a ")), r.out());
        assertTrue(r.out().lines().filter(l -> l.startsWith("target ")).allMatch(l -> l.endsWith(": not measured")),
                r.out());
        assertTrue(r.out().lines().noneMatch(l -> l.startsWith("baseline ")), r.out());
        assertTrue(r.out().lines().noneMatch(l -> l.startsWith("warmup ")), "-warmup-rows=0 turns it off: " + r.out());
    }

    @Test
    void withoutARepeatedPhaseTheBaselineIsNotMeasuredAgain() {
        Run r = bench("-rows=1000", "-workers=2", "-only=baseline,insert:relay-fsync-off", "-warmup-rows=0");
        assertEquals(ExitCode.OK, r.code(), r.out() + r.err());
        assertEquals(List.of("result workload=insert phase=relay-fsync-off round=1"), r.out().lines()
                .filter(l -> l.startsWith("result ")).map(l -> l.replaceFirst(" rows=.*", "")).toList(), r.out());
        assertTrue(r.out().lines().noneMatch(l -> l.startsWith("baseline round=")), r.out());
    }

    @Test
    void badFlagsExitOneNamingTheFlag() {
        Run unknown = bench("-rowz=5");
        assertEquals(ExitCode.FATAL, unknown.code());
        assertTrue(unknown.err().contains("unknown flag -rowz=5"), unknown.err());

        Run phase = bench("-only=relay");
        assertEquals(ExitCode.FATAL, phase.code());
        assertTrue(phase.err().contains("unknown phase or workload 'relay'"), phase.err());

        Run url = bench("-mysql-url=http://h:1");
        assertEquals(ExitCode.FATAL, url.code());
        assertTrue(url.err().contains("-mysql-url needs the form mysql://user:password@host:port"), url.err());
    }
}
