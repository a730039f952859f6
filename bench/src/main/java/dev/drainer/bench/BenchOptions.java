package dev.drainer.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flags of {@code drainer bench}.
 *
 * @param rows       row changes per workload
 * @param only       phases, workloads or {@code workload:phase} to run; empty: everything
 * @param mysqlUrl   {@code mysql://user:password@host:port}, or null for the local MariaDB
 * @param backlogMb  binlog megabytes (10^6 bytes) the pumps hold before {@code upstream-backlog} starts the drainer
 * @param drainerXmx {@code -Xmx} of the {@code drainer run} child JVM, as java takes it ({@code 512m}, {@code 1g})
 * @param feedRate   transactions per second of the upstream phases' live feed; 0: as fast as it can
 * @param warmupRows row changes per workload of the untimed warm-up pass before the drainer phases; 0: none
 * @param upstreamWarmupRows row changes of the live upstream phases' untimed drainer warm-up; 0: none
 * @param repeats    rounds of the phases whose figures the targets judge ({@link Phase#judgedOn}); the targets take
 *                   each figure's median round
 */
record BenchOptions(long rows, int workers, int txnBatch, long seed, Set<String> only, String mysqlUrl, long backlogMb,
                    String drainerXmx, long feedRate, long warmupRows, long upstreamWarmupRows, int repeats) {
    static final List<String> WORKLOADS = List.of("insert", "mixed");
    static final long DEFAULT_BACKLOG_MB = 1000;
    static final String DEFAULT_DRAINER_XMX = "512m";
    static final long DEFAULT_WARMUP_ROWS = 500_000;
    /**
     * Twice the pipeline pass's: the {@code drainer run} child starts cold, and on two busy cores its C2 had not
     * compiled the pipeline's hottest methods by the end of a 500,000-row warm-up (docs/benchmark.md, "Warm-up").
     */
    static final long DEFAULT_UPSTREAM_WARMUP_ROWS = 1_000_000;
    /**
     * Three rounds: one phase on this machine drifts 10 to 20% within a run, and the median of three is not moved by
     * one round in a slow stretch (docs/benchmark.md, "Rounds").
     */
    static final int DEFAULT_REPEATS = 3;
    private static final Pattern HEAP_SIZE = Pattern.compile("(\\d{1,9})([kKmMgG]?)");
    static final String USAGE = "usage: drainer bench [-rows=N] [-workers=N] [-txn-batch=N] [-seed=N]"
            + " [-only=" + String.join("|", Phase.ids()) + "|" + Phase.UPSTREAM_GROUP
            + "|insert|mixed|<workload>:<phase>,...] [-mysql-url=mysql://user:password@host:port]"
            + " [-backlog-mb=N] [-drainer-xmx=SIZE] [-feed-rate=TXN_PER_SEC] [-warmup-rows=N]"
            + " [-upstream-warmup-rows=N] [-repeats=N]";

    /** Parses {@code -name=value} flags over the given defaults; throws IllegalArgumentException naming the flag. */
    static BenchOptions parse(List<String> args, int defaultWorkers, int defaultTxnBatch) {
        long rows = 1_000_000;
        int workers = defaultWorkers;
        int txnBatch = defaultTxnBatch;
        long seed = 42;
        Set<String> only = new LinkedHashSet<>();
        String url = null;
        long backlogMb = DEFAULT_BACKLOG_MB;
        String xmx = DEFAULT_DRAINER_XMX;
        long feedRate = 0;
        long warmupRows = DEFAULT_WARMUP_ROWS;
        long upstreamWarmupRows = DEFAULT_UPSTREAM_WARMUP_ROWS;
        int repeats = DEFAULT_REPEATS;
        for (String a : args) {
            String[] kv = a.replaceFirst("^--?", "").split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("flag " + a + " needs a value, as -" + kv[0] + "=…\n" + USAGE);
            }
            switch (kv[0]) {
                case "rows" -> rows = positive(a, kv[1]);
                case "workers" -> workers = (int) positive(a, kv[1]);
                case "txn-batch" -> txnBatch = (int) positive(a, kv[1]);
                case "seed" -> seed = number(a, kv[1]);
                case "only" -> only.addAll(onlyList(a, kv[1]));
                case "mysql-url" -> url = kv[1];
                case "backlog-mb" -> backlogMb = positive(a, kv[1]);
                case "drainer-xmx" -> xmx = heapSize(a, kv[1]);
                case "feed-rate" -> feedRate = nonNegative(a, kv[1]);
                case "warmup-rows" -> warmupRows = nonNegative(a, kv[1]);
                case "upstream-warmup-rows" -> upstreamWarmupRows = nonNegative(a, kv[1]);
                case "repeats" -> repeats = (int) positive(a, kv[1]);
                default -> throw new IllegalArgumentException("unknown flag " + a + "\n" + USAGE);
            }
        }
        return new BenchOptions(rows, workers, txnBatch, seed, Set.copyOf(only), url, backlogMb, xmx, feedRate, warmupRows,
                upstreamWarmupRows, repeats);
    }

    /** Whether {@code phase} runs on {@code workload} (the upstream phases run on the insert workload only). */
    boolean selected(String workload, Phase phase) {
        if (Phase.UPSTREAM.contains(phase) && !workload.equals("insert")) {
            return false;
        }
        return only.isEmpty() || only.contains(phase.id) || only.contains(workload)
                || only.contains(workload + ":" + phase.id);
    }

    /** Row changes of each workload's warm-up pass: {@code -warmup-rows}, at most the workload's size. */
    long warmupRowsPerWorkload() {
        return Math.min(rows, warmupRows);
    }

    /** Row changes of the live upstream phases' drainer warm-up: {@code -upstream-warmup-rows}, at most {@code -rows}. */
    long drainerWarmupRows() {
        return Math.min(rows, upstreamWarmupRows);
    }

    /** The one-statement-per-row reference runs on the first tenth of a workload (at least 1000 rows): it is slow. */
    long oneRowRows() {
        return Math.min(rows, Math.max(1000, rows / 10));
    }

    private static List<String> onlyList(String flag, String value) {
        List<String> known = new ArrayList<>(Phase.ids());
        known.addAll(WORKLOADS);
        for (String w : WORKLOADS) {
            for (Phase p : Phase.values()) {
                if (p != Phase.BASELINE && !Phase.UPSTREAM.contains(p) || w.equals("insert")) {
                    known.add(w + ":" + p.id);
                }
            }
        }
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            String s = item.trim();
            if (s.equals(Phase.UPSTREAM_GROUP)) {
                Phase.UPSTREAM.forEach(p -> items.add(p.id));
                continue;
            }
            if (!known.contains(s)) {
                throw new IllegalArgumentException("flag " + flag + ": unknown phase or workload '" + s + "' (known: "
                        + String.join(", ", Phase.ids()) + ", " + Phase.UPSTREAM_GROUP
                        + " (its three phases), insert, mixed, or <workload>:<phase>)");
            }
            items.add(s);
        }
        return items;
    }

    private static long positive(String flag, String value) {
        long n = number(flag, value);
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("flag " + flag + " must be between 1 and " + Integer.MAX_VALUE);
        }
        return n;
    }

    private static long nonNegative(String flag, String value) {
        long n = number(flag, value);
        if (n < 0) {
            throw new IllegalArgumentException("flag " + flag + " must be 0 or more");
        }
        return n;
    }

    /** A heap size as java's {@code -Xmx} takes it, at least 64 MiB so the drainer can start. */
    private static String heapSize(String flag, String value) {
        Matcher m = HEAP_SIZE.matcher(value);
        long bytes = m.matches() ? Long.parseLong(m.group(1)) << switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        } : -1;
        if (bytes < 64L << 20) {
            throw new IllegalArgumentException("flag " + flag + " needs a heap size of at least 64m, as -Xmx takes it"
                    + " (512m, 2g)");
        }
        return value;
    }

    private static long number(String flag, String value) {
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("flag " + flag + " needs a whole number");
        }
    }
}
