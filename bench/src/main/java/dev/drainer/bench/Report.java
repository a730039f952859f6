package dev.drainer.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Prints results as they come ({@code result key=value …} lines, each with its round and its ratio to that
 * round's baseline) and, at the end, a table of every figure (a repeated phase's median round), the targets
 * with PASS/MISS, and the memory used. A missed target is reported, never an error.
 */
final class Report {
    private final PrintStream out;
    private final List<Entry> results = new ArrayList<>();
    private final List<PhaseResult> warmups = new ArrayList<>();
    /** The sweep's best cell again at the start of each later round, by round. */
    private final Map<Integer, Baseline.Cell> roundBaselines = new TreeMap<>();
    private Baseline.Cell baseline;
    /** Whether every baseline cell, of the sweep or a round, left the tables right. */
    private boolean baselinesVerified = true;
    private int round = 1;

    Report(PrintStream out) {
        this.out = out;
    }

    /** A phase's result and the round it ran in. */
    private record Entry(PhaseResult result, int round) {
    }

    void baselineCell(Baseline.Measured m) {
        Baseline.Cell c = m.cell();
        if (printCell("baseline", m) && (baseline == null || c.rowsPerSec() > baseline.rowsPerSec())) {
            baseline = c;
        }
    }

    /** The best verified cell of the sweep, if one ran. */
    Optional<Baseline.Cell> baseline() {
        return Optional.ofNullable(baseline);
    }

    /** Results from now on belong to {@code r}. */
    void round(int r) {
        round = r;
    }

    /** The sweep's best cell measured again for the current round; unverified, the round keeps the sweep's. */
    void roundBaseline(Baseline.Measured m) {
        if (printCell("baseline round=" + round, m)) {
            roundBaselines.put(round, m.cell());
        }
    }

    /** Prints a baseline cell and what its check found; returns whether the tables were right. */
    private boolean printCell(String prefix, Baseline.Measured m) {
        Baseline.Cell c = m.cell();
        Verifier.Outcome v = m.verification();
        out.println(String.format(Locale.ROOT, "%s batch=%d connections=%d rows=%d seconds=%.2f rowsPerSec=%.0f"
                + " verified=%s checks=%s", prefix, c.batch(), c.connections(), c.rows(), c.seconds(), c.rowsPerSec(),
                v.ok() ? "yes" : "NO", v.checks()));
        v.problems().forEach(p -> out.println("  problem: " + p));
        baselinesVerified &= v.ok();
        return v.ok();
    }

    /** An untimed warm-up pass: printed and checked like a phase, never a figure of the summary. */
    void warmup(PhaseResult r) {
        warmups.add(r);
        out.println(String.format(Locale.ROOT, "warmup workload=%s phase=%s rows=%d seconds=%.2f verified=%s checks=%s",
                r.workload(), r.phase().id, r.rows(), r.seconds(), r.verified() ? "yes" : "NO", r.checks()));
        r.problems().forEach(p -> out.println("  problem: " + p));
    }

    void result(PhaseResult r) {
        Entry e = new Entry(r, round);
        results.add(e);
        out.println(String.format(Locale.ROOT, "result workload=%s phase=%s round=%d rows=%d seconds=%.2f rowsPerSec=%.0f%s"
                        + " ratio=%s verified=%s checks=%s%s", r.workload(), r.phase().id, round, r.rows(), r.seconds(),
                r.rowsPerSec(), r.relayBytes() > 0 ? String.format(Locale.ROOT, " relayMBPerSec=%.1f",
                        r.relayMegabytesPerSec()) : "", ratio(e).map(Report::twoDigits).orElse("n/a"),
                r.verified() ? "yes" : "NO", r.checks(), r.note().isEmpty() ? "" : " note=\"" + r.note() + "\""));
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

    /** Whether every phase, warm-up and baseline cell left the downstream as the workload says. */
    boolean allVerified() {
        return baselinesVerified && results.stream().allMatch(e -> e.result().verified())
                && warmups.stream().allMatch(PhaseResult::verified);
    }

    /** Rows/s against the baseline of the round the result ran in (the sweep's in round 1). */
    private Optional<Double> ratio(Entry e) {
        return baseline().map(b -> e.result().rowsPerSec() / roundBaselines.getOrDefault(e.round(), b).rowsPerSec());
    }

    private static String twoDigits(double x) {
        return String.format(Locale.ROOT, "%.2f", x);
    }

    /** The summary: figures, targets, memory. */
    void summary(long maxHeapUsed, long maxHeap, long peakRss) {
        out.println();
        baseline().ifPresent(b -> out.println(String.format(Locale.ROOT,
                "baseline (max of the sweep): %.0f rows/s with batch=%d connections=%d%s", b.rowsPerSec(), b.batch(),
                b.connections(), roundBaselines.isEmpty() ? "" : "; the same cell again in round "
                        + roundBaselines.entrySet().stream().map(e -> String.format(Locale.ROOT, "%d: %.0f", e.getKey(),
                        e.getValue().rowsPerSec())).collect(Collectors.joining(", ")) + " rows/s")));
        out.println(String.format(Locale.ROOT, "%-8s %-19s %9s %8s %9s %7s %9s  %s", "workload", "phase", "rows",
                "seconds", "rows/s", "x base", "verified", "note"));
        for (Figure f : figures()) {
            Entry e = median(f);
            PhaseResult r = e.result();
            out.println(String.format(Locale.ROOT, "%-8s %-19s %9d %8.2f %9.0f %7s %9s  %s", r.workload(), r.phase().id,
                    r.rows(), r.seconds(), r.rowsPerSec(), ratio(e).map(Report::twoDigits).orElse("n/a"),
                    f.verified() ? "yes" : "NO", notes(f, e)));
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

    private String notes(Figure f, Entry median) {
        PhaseResult r = median.result();
        List<String> n = new ArrayList<>();
        if (f.rounds().size() > 1) {
            n.add("median of " + f.rounds().size() + " rounds (" + f.rounds().stream()
                    .map(e -> String.format(Locale.ROOT, "%.0f", e.result().rowsPerSec()) + ratio(e)
                            .map(x -> " x" + twoDigits(x)).orElse("")).collect(Collectors.joining(", "))
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

    /** A phase's rounds, in the order they ran; verified only if every round was. */
    private record Figure(List<Entry> rounds) {
        boolean verified() {
            return rounds.stream().allMatch(e -> e.result().verified());
        }

        /** Names what the value was taken from when there was more than one round. */
        String of() {
            return rounds.size() > 1 ? " (median of " + rounds.size() + " rounds)" : "";
        }

        /** Says which rounds of a phase went wrong: such a figure never passes a target. */
        String unverified() {
            String bad = rounds.stream().filter(e -> !e.result().verified()).map(e -> Integer.toString(e.round()))
                    .collect(Collectors.joining(", "));
            return bad.isEmpty() ? "" : " (" + rounds.get(0).result().phase().id + " not verified"
                    + (rounds.size() > 1 ? " in round " + bad : "") + ")";
        }
    }

    /**
     * The figure's median round by its ratio to its round's baseline (by rows/s without a baseline; of an even
     * count, the lower middle one), so that the figure is one real round's, with its own lag and notes.
     */
    private Entry median(Figure f) {
        List<Entry> sorted = f.rounds().stream()
                .sorted(Comparator.comparingDouble(e -> ratio(e).orElse(e.result().rowsPerSec()))).toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    private List<Entry> rounds(String workload, Phase phase) {
        return results.stream().filter(e -> e.result().workload().equals(workload) && e.result().phase() == phase)
                .toList();
    }

    /** One figure per workload and phase, in the order their first rounds ran. */
    private List<Figure> figures() {
        Map<String, Figure> byPhase = new LinkedHashMap<>();
        for (Entry e : results) {
            PhaseResult r = e.result();
            byPhase.computeIfAbsent(r.workload() + ":" + r.phase().id, k -> new Figure(rounds(r.workload(), r.phase())));
        }
        return List.copyOf(byPhase.values());
    }

    private Optional<Figure> find(String workload, Phase phase) {
        List<Entry> rounds = rounds(workload, phase);
        return rounds.isEmpty() ? Optional.empty() : Optional.of(new Figure(rounds));
    }

    private void ratioTarget(String name, String workload, Phase phase, double min) {
        Optional<Figure> f = find(workload, phase);
        if (f.isEmpty() || baseline().isEmpty()) {
            target(name + " >= " + min + " x baseline", "not measured", null);
            return;
        }
        double x = ratio(median(f.get())).orElseThrow();
        target(name + f.get().of() + " >= " + min + " x baseline", twoDigits(x) + f.get().unverified(),
                x >= min && f.get().verified());
    }

    /**
     * The relay log's cost: how much slower relay on (fsync commit) is than relay off. With rounds, each round's
     * pair ran back to back, so a slow stretch of the machine mostly hits both sides of it: the target takes the
     * median of the rounds' overheads (of an even count, the larger middle one); a round with one side only has none.
     */
    private void overheadTarget(String workload) {
        Optional<Figure> off = find(workload, Phase.NO_RELAY);
        Optional<Figure> on = find(workload, Phase.RELAY_FSYNC_COMMIT);
        String name = "relay overhead " + workload + " (no-relay vs relay-fsync-commit";
        if (off.isEmpty() || on.isEmpty()) {
            target(name + ") <= 10%", "not measured", null);
            return;
        }
        List<Double> overheads = new ArrayList<>();
        for (Entry relayOn : on.get().rounds()) {
            off.get().rounds().stream().filter(relayOff -> relayOff.round() == relayOn.round()).findFirst().ifPresent(
                    relayOff -> overheads.add(1 - relayOn.result().rowsPerSec() / relayOff.result().rowsPerSec()));
        }
        if (overheads.isEmpty()) {
            target(name + ") <= 10%", "not measured in one round", null);
            return;
        }
        int pairs = overheads.size();
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
