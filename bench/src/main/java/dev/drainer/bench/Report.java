package dev.drainer.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Prints results as they come ({@code result key=value …} lines, each with its round) and, at the end, a
 * table of every figure (a repeated phase's median round) with its ratio to the baseline, the targets
 * with PASS/MISS, and the memory used. A missed target is reported, never an error.
 */
final class Report {
    private final PrintStream out;
    private final List<PhaseResult> results = new ArrayList<>();
    private final List<PhaseResult> warmups = new ArrayList<>();
    private Baseline.Cell baseline;

    Report(PrintStream out) {
        this.out = out;
    }

    void baselineCell(Baseline.Cell c, Verifier.Outcome v) {
        out.println(String.format(Locale.ROOT, "baseline batch=%d connections=%d rows=%d seconds=%.2f rowsPerSec=%.0f"
                + " verified=%s checks=%s", c.batch(), c.connections(), c.rows(), c.seconds(), c.rowsPerSec(),
                v.ok() ? "yes" : "NO", v.checks()));
        v.problems().forEach(p -> out.println("  problem: " + p));
        if (v.ok() && (baseline == null || c.rowsPerSec() > baseline.rowsPerSec())) {
            baseline = c;
        }
    }

    /** The best verified cell of the sweep, if one ran. */
    Optional<Baseline.Cell> baseline() {
        return Optional.ofNullable(baseline);
    }

    /** An untimed warm-up pass: printed and checked like a phase, never a figure of the summary. */
    void warmup(PhaseResult r) {
        warmups.add(r);
        out.println(String.format(Locale.ROOT, "warmup workload=%s phase=%s rows=%d seconds=%.2f verified=%s checks=%s",
                r.workload(), r.phase().id, r.rows(), r.seconds(), r.verified() ? "yes" : "NO", r.checks()));
        r.problems().forEach(p -> out.println("  problem: " + p));
    }

    void result(PhaseResult r) {
        results.add(r);
        out.println(String.format(Locale.ROOT, "result workload=%s phase=%s round=%d rows=%d seconds=%.2f rowsPerSec=%.0f%s"
                        + " ratio=%s verified=%s checks=%s%s", r.workload(), r.phase().id,
                rounds(r.workload(), r.phase()).size(), r.rows(), r.seconds(),
                r.rowsPerSec(), r.relayBytes() > 0 ? String.format(Locale.ROOT, " relayMBPerSec=%.1f",
                        r.relayMegabytesPerSec()) : "", ratio(r).map(x -> String.format(Locale.ROOT, "%.2f", x))
                        .orElse("n/a"), r.verified() ? "yes" : "NO", r.checks(),
                r.note().isEmpty() ? "" : " note=\"" + r.note() + "\""));
        if (r.upstream() != null) {
            out.println(upstreamLine(r));
        }
        r.problems().forEach(p -> out.println("  problem: " + p));
    }

    /** Lag, feed and the drainer process's memory of an upstream phase, on a line of their own. */
    private static String upstreamLine(PhaseResult r) {
        UpstreamFigures u = r.upstream();
        LagStats l = u.lag();
        return String.format(Locale.ROOT, "upstream phase=%s %sfedMB=%.1f feedSeconds=%.2f drainerPeakRssMB=%s"
                        + " drainerXmx=%s", r.phase().id, l == null ? "" : String.format(Locale.ROOT,
                        "lagP50Ms=%d lagP99Ms=%d lagMaxMs=%d lagSamples=%d ", l.p50Millis(), l.p99Millis(), l.maxMillis(),
                        l.samples()), u.fedBytes() / 1e6, u.feedSeconds(),
                u.drainerPeakRss() < 0 ? "n/a" : Long.toString(u.drainerPeakRss() >> 20), u.drainerXmx());
    }

    boolean allVerified() {
        return results.stream().allMatch(PhaseResult::verified) && warmups.stream().allMatch(PhaseResult::verified);
    }

    private Optional<Double> ratio(PhaseResult r) {
        return baseline().map(b -> r.rowsPerSec() / b.rowsPerSec());
    }

    /** The summary: figures, targets, memory. */
    void summary(long maxHeapUsed, long maxHeap, long peakRss) {
        out.println();
        baseline().ifPresent(b -> out.println(String.format(Locale.ROOT,
                "baseline (max of the sweep): %.0f rows/s with batch=%d connections=%d", b.rowsPerSec(), b.batch(),
                b.connections())));
        out.println(String.format(Locale.ROOT, "%-8s %-19s %9s %8s %9s %7s %9s  %s", "workload", "phase", "rows",
                "seconds", "rows/s", "x base", "verified", "note"));
        for (Figure f : figures()) {
            PhaseResult r = f.median();
            out.println(String.format(Locale.ROOT, "%-8s %-19s %9d %8.2f %9.0f %7s %9s  %s", r.workload(), r.phase().id,
                    r.rows(), r.seconds(), r.rowsPerSec(), ratio(r).map(x -> String.format(Locale.ROOT, "%.2f", x))
                            .orElse("n/a"), f.verified() ? "yes" : "NO",
                    notes(f)));
        }
        out.println();
        ratioTarget("relay-fsync-commit insert", "insert", Phase.RELAY_FSYNC_COMMIT, 0.70);
        ratioTarget("relay-fsync-commit mixed", "mixed", Phase.RELAY_FSYNC_COMMIT, 0.50);
        overheadTarget("insert");
        overheadTarget("mixed");
        ratioTarget("recovery insert", "insert", Phase.RECOVERY, 0.50);
        ratioTarget("upstream-relay insert", "insert", Phase.UPSTREAM_RELAY, 0.60);
        out.println();
        out.println(String.format(Locale.ROOT, "memory peakRssMB=%s maxHeapUsedMB=%d maxHeapMB=%d"
                        + " (RSS: VmHWM of /proc/self/status; heap used: sampled every 0.5 s)",
                peakRss < 0 ? "n/a" : Long.toString(peakRss >> 20), maxHeapUsed >> 20, maxHeap >> 20));
    }

    private static String notes(Figure f) {
        PhaseResult r = f.median();
        List<String> n = new ArrayList<>();
        if (f.rounds().size() > 1) {
            n.add("median of " + f.rounds().size() + " rounds (" + f.rounds().stream()
                    .map(x -> String.format(Locale.ROOT, "%.0f", x.rowsPerSec())).collect(Collectors.joining(" "))
                    + " rows/s)");
        }
        if (r.relayBytes() > 0) {
            n.add(String.format(Locale.ROOT, "relay read %.1f MB/s", r.relayMegabytesPerSec()));
        }
        UpstreamFigures u = r.upstream();
        if (u != null && u.lag() != null) {
            n.add(String.format(Locale.ROOT, "lag p50/p99/max %d/%d/%d ms", u.lag().p50Millis(), u.lag().p99Millis(),
                    u.lag().maxMillis()));
        }
        if (u != null) {
            n.add("drainer RSS " + (u.drainerPeakRss() < 0 ? "n/a" : (u.drainerPeakRss() >> 20) + " MB") + " (-Xmx"
                    + u.drainerXmx() + ")");
        }
        if (!r.note().isEmpty()) {
            n.add(r.note());
        }
        return String.join("; ", n);
    }

    /**
     * A phase's figure over its rounds: the median round by rows/s (of an even count, the slower middle one), so
     * that the figure is one real round's, with its own lag and notes; verified only if every round was.
     */
    record Figure(List<PhaseResult> rounds) {
        PhaseResult median() {
            List<PhaseResult> sorted = rounds.stream().sorted(Comparator.comparingDouble(PhaseResult::rowsPerSec)).toList();
            return sorted.get((sorted.size() - 1) / 2);
        }

        boolean verified() {
            return rounds.stream().allMatch(PhaseResult::verified);
        }

        /** Names what the value was taken from when there was more than one round. */
        String of() {
            return rounds.size() > 1 ? " (median of " + rounds.size() + " rounds)" : "";
        }

        /** Says which rounds of a phase went wrong: such a figure never passes a target. */
        String unverified() {
            List<String> bad = new ArrayList<>();
            for (int i = 0; i < rounds.size(); i++) {
                if (!rounds.get(i).verified()) {
                    bad.add(Integer.toString(i + 1));
                }
            }
            return bad.isEmpty() ? "" : " (" + rounds.get(0).phase().id + " not verified"
                    + (rounds.size() > 1 ? " in round " + String.join(", ", bad) : "") + ")";
        }
    }

    private List<PhaseResult> rounds(String workload, Phase phase) {
        return results.stream().filter(r -> r.workload().equals(workload) && r.phase() == phase).toList();
    }

    /** One figure per workload and phase, in the order their first rounds ran. */
    List<Figure> figures() {
        Map<String, Figure> byPhase = new LinkedHashMap<>();
        for (PhaseResult r : results) {
            byPhase.computeIfAbsent(r.workload() + ":" + r.phase().id, k -> new Figure(rounds(r.workload(), r.phase())));
        }
        return List.copyOf(byPhase.values());
    }

    private Optional<Figure> find(String workload, Phase phase) {
        List<PhaseResult> rounds = rounds(workload, phase);
        return rounds.isEmpty() ? Optional.empty() : Optional.of(new Figure(rounds));
    }

    private void ratioTarget(String name, String workload, Phase phase, double min) {
        Optional<Figure> f = find(workload, phase);
        if (f.isEmpty() || baseline().isEmpty()) {
            target(name + " >= " + min + " x baseline", "not measured", null);
            return;
        }
        double x = ratio(f.get().median()).orElseThrow();
        target(name + f.get().of() + " >= " + min + " x baseline", String.format(Locale.ROOT, "%.2f", x)
                + f.get().unverified(), x >= min && f.get().verified());
    }

    /**
     * The relay log's cost: how much slower relay on (fsync commit) is than relay off. With rounds, each round's
     * pair ran back to back, so a slow stretch of the machine mostly hits both sides of it: the target takes the
     * median of the rounds' overheads (of an even count, the larger middle one).
     */
    private void overheadTarget(String workload) {
        Optional<Figure> off = find(workload, Phase.NO_RELAY);
        Optional<Figure> on = find(workload, Phase.RELAY_FSYNC_COMMIT);
        String name = "relay overhead " + workload + " (no-relay vs relay-fsync-commit";
        if (off.isEmpty() || on.isEmpty()) {
            target(name + ") <= 10%", "not measured", null);
            return;
        }
        int pairs = Math.min(off.get().rounds().size(), on.get().rounds().size());
        List<Double> overheads = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            overheads.add(1 - on.get().rounds().get(i).rowsPerSec() / off.get().rounds().get(i).rowsPerSec());
        }
        double overhead = overheads.stream().sorted().toList().get(pairs / 2);
        if (pairs > 1) {
            name += " in each round: " + overheads.stream().map(Report::percent).collect(Collectors.joining(" "))
                    + "; median of " + pairs + " rounds";
        }
        target(name + ") <= 10%", percent(overhead) + off.get().unverified() + on.get().unverified(),
                overhead <= 0.10 && off.get().verified() && on.get().verified());
    }

    private static String percent(double x) {
        return String.format(Locale.ROOT, "%.1f%%", x * 100);
    }

    private void target(String name, String value, Boolean pass) {
        out.println(String.format(Locale.ROOT, "target %-4s %s: %s", pass == null ? "-" : pass ? "PASS" : "MISS",
                name, value));
    }
}
