package dev.drainer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How rounds become figures: the median round per phase, verified only if every round was. */
class ReportTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Report report = new Report(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    /** A verified round of {@code rowsPerSec} on a million rows, or one with a problem. */
    private static PhaseResult round(String workload, Phase phase, double rowsPerSec, boolean verified) {
        return new PhaseResult(workload, phase, 1_000_000, 1_000_000 / rowsPerSec, 0, "", "counts",
                verified ? List.of() : List.of("row 7 differs"));
    }

    private List<String> lines(String prefix) {
        return bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith(prefix)).toList();
    }

    private String target(String start) {
        return lines("target ").stream().filter(l -> l.contains(start)).findFirst().orElseThrow();
    }

    private static Baseline.Measured cell(double rowsPerSec) {
        return new Baseline.Measured(new Baseline.Cell(1000, 2, 1_000_000, 1_000_000 / rowsPerSec),
                new Verifier.Outcome("counts", List.of()));
    }

    private void baseline(double rowsPerSec) {
        report.baselineCell(cell(rowsPerSec));
    }

    @Test
    void eachResultLineNamesItsRound() {
        report.result(round("insert", Phase.NO_RELAY, 100_000, true));
        report.result(round("insert", Phase.RELAY_FSYNC_COMMIT, 100_000, true));
        report.result(round("mixed", Phase.NO_RELAY, 100_000, true));
        report.round(2);
        report.result(round("insert", Phase.NO_RELAY, 100_000, true));
        assertEquals(List.of("insert no-relay round=1", "insert relay-fsync-commit round=1", "mixed no-relay round=1",
                "insert no-relay round=2"), lines("result ").stream()
                .map(l -> l.replaceFirst("^result workload=(\\S+) phase=(\\S+) (round=\\d+) .*", "$1 $2 $3")).toList());
    }

    @Test
    void targetsJudgeTheMedianRoundSoOneSlowRoundDoesNotMissThem() {
        baseline(100_000);
        // Round 2 ran in a slow stretch: alone it misses both the ratio and the overhead target.
        int n = 0;
        for (double[] r : new double[][] {{95_000, 90_000}, {94_000, 60_000}, {96_000, 88_000}}) {
            report.round(++n);
            report.result(round("insert", Phase.NO_RELAY, r[0], true));
            report.result(round("insert", Phase.RELAY_FSYNC_COMMIT, r[1], true));
        }
        report.summary(0, 0, -1);

        assertEquals("target PASS relay-fsync-commit insert (median of 3 rounds) >= 0.7 x baseline: 0.88",
                target("relay-fsync-commit insert"));
        // Each round's pair ran back to back: round 2's slow stretch weighs on one of three overheads.
        assertEquals("target PASS relay overhead insert (no-relay vs relay-fsync-commit in each round: 5.3% 36.2% 8.3%;"
                + " median of 3 rounds) <= 10%: 8.3%", target("relay overhead insert"));
        assertTrue(lines("insert   relay-fsync-commit").get(0).contains("median of 3 rounds (90000 x0.90, 60000 x0.60,"
                + " 88000 x0.88 rows/s)"),
                bytes.toString(StandardCharsets.UTF_8));
        assertEquals(1, lines("insert   no-relay").size(), "one summary row per phase");
        assertTrue(report.allVerified());
    }

    @Test
    void ofAnEvenCountTheSlowerMiddleRoundIsTheFigure() {
        baseline(100_000);
        int n = 0;
        for (double x : new double[] {80_000, 50_000, 69_000, 90_000}) {
            report.round(++n);
            report.result(round("insert", Phase.RELAY_FSYNC_COMMIT, x, true));
        }
        report.summary(0, 0, -1);
        assertEquals("target MISS relay-fsync-commit insert (median of 4 rounds) >= 0.7 x baseline: 0.69",
                target("relay-fsync-commit insert"));
    }

    @Test
    void ofAnEvenCountOfRoundsTheLargerMiddleOverheadIsJudged() {
        int n = 0;
        for (double[] r : new double[][] {{100_000, 99_000}, {100_000, 88_000}, {100_000, 95_000}, {100_000, 70_000}}) {
            report.round(++n);
            report.result(round("mixed", Phase.NO_RELAY, r[0], true));
            report.result(round("mixed", Phase.RELAY_FSYNC_COMMIT, r[1], true));
        }
        report.summary(0, 0, -1);
        assertEquals("target MISS relay overhead mixed (no-relay vs relay-fsync-commit in each round: 1.0% 12.0% 5.0% 30.0%;"
                + " median of 4 rounds) <= 10%: 12.0%", target("relay overhead mixed"));
    }

    @Test
    void overheadsPairTheTwoPhasesOfOneRound() {
        report.round(1);
        report.result(round("insert", Phase.NO_RELAY, 100_000, true));
        report.result(round("insert", Phase.RELAY_FSYNC_COMMIT, 98_000, true));
        report.round(2);
        report.result(round("insert", Phase.NO_RELAY, 50_000, true)); // its relay phase gave no result
        report.round(3);
        report.result(round("insert", Phase.NO_RELAY, 100_000, true));
        report.result(round("insert", Phase.RELAY_FSYNC_COMMIT, 96_000, true));
        report.summary(0, 0, -1);
        // By position, round 3's relay phase would have been compared with round 2's slow no-relay (-92%).
        assertEquals("target PASS relay overhead insert (no-relay vs relay-fsync-commit in each round: 2.0% 4.0%;"
                + " median of 2 rounds) <= 10%: 4.0%", target("relay overhead insert"));
    }

    @Test
    void aFigureWithAnUnverifiedRoundNeverPasses() {
        baseline(100_000);
        report.result(round("insert", Phase.RECOVERY, 90_000, true));
        report.round(2);
        report.result(round("insert", Phase.RECOVERY, 91_000, false));
        report.round(3);
        report.result(round("insert", Phase.RECOVERY, 92_000, true));
        report.summary(0, 0, -1);
        assertEquals("target MISS recovery insert (median of 3 rounds) >= 0.5 x baseline: 0.91 (recovery not verified"
                + " in round 2)", target("recovery insert"));
        assertTrue(lines("insert   recovery").get(0).contains(" NO "), bytes.toString(StandardCharsets.UTF_8));
        assertFalse(report.allVerified());
    }

    @Test
    void laterRoundsAreJudgedAgainstTheirOwnBaseline() {
        baseline(150_000);
        report.result(round("insert", Phase.UPSTREAM_RELAY, 90_000, true));
        report.round(2);
        report.roundBaseline(cell(120_000));
        report.result(round("insert", Phase.UPSTREAM_RELAY, 78_000, true));
        report.round(3);
        // An unverified re-measurement is not used: round 3 keeps the sweep's baseline.
        report.roundBaseline(new Baseline.Measured(new Baseline.Cell(1000, 2, 1_000_000, 10),
                new Verifier.Outcome("counts", List.of("orders: 3 rows missing"))));
        report.result(round("insert", Phase.UPSTREAM_RELAY, 93_000, true));
        report.summary(0, 0, -1);

        assertEquals(List.of("baseline round=2 batch=1000 connections=2 rows=1000000 seconds=8.33 rowsPerSec=120000"
                + " verified=yes checks=counts", "baseline round=3 batch=1000 connections=2 rows=1000000 seconds=10.00"
                + " rowsPerSec=100000 verified=NO checks=counts"), lines("baseline round="));
        assertEquals(List.of("0.60", "0.65", "0.62"), lines("result ").stream()
                .map(l -> l.replaceFirst(".* ratio=([\\d.]+) .*", "$1")).toList());
        // 90,000 / 150,000, 78,000 / 120,000 and 93,000 / 150,000: the median round is the third.
        assertEquals("target PASS upstream-relay insert (median of 3 rounds) >= 0.6 x baseline: 0.62",
                target("upstream-relay insert"));
        assertTrue(lines("baseline (max of the sweep)").get(0).endsWith("; the same cell again in round 2: 120000"
                + " rows/s"), bytes.toString(StandardCharsets.UTF_8));
        // Wrong tables after a baseline cell are wrong downstream contents like any phase's: the run fails.
        assertFalse(report.allVerified());
    }

    @Test
    void aSingleRoundIsReportedAsBefore() {
        baseline(100_000);
        report.result(round("insert", Phase.UPSTREAM_RELAY, 65_000, true));
        report.summary(0, 0, -1);
        assertEquals("target PASS upstream-relay insert >= 0.6 x baseline: 0.65", target("upstream-relay insert"));
        assertEquals("target -    relay overhead insert (no-relay vs relay-fsync-commit) <= 10%: not measured",
                target("relay overhead insert"));
    }
}
