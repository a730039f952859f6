package dev.drainer.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The flags of {@code drainer bench}.
 *
 * @param rows     row changes per workload
 * @param only     phases, workloads or {@code workload:phase} to run; empty: everything
 * @param mysqlUrl {@code mysql://user:password@host:port}, or null for the local MariaDB
 */
record BenchOptions(long rows, int workers, int txnBatch, long seed, Set<String> only, String mysqlUrl) {
    static final List<String> WORKLOADS = List.of("insert", "mixed");
    static final String USAGE = "usage: drainer bench [-rows=N] [-workers=N] [-txn-batch=N] [-seed=N]"
            + " [-only=" + String.join("|", Phase.ids()) + "|insert|mixed|<workload>:<phase>,...]"
            + " [-mysql-url=mysql://user:password@host:port]";

    /** Parses {@code -name=value} flags over the given defaults; throws IllegalArgumentException naming the flag. */
    static BenchOptions parse(List<String> args, int defaultWorkers, int defaultTxnBatch) {
        long rows = 1_000_000;
        int workers = defaultWorkers;
        int txnBatch = defaultTxnBatch;
        long seed = 42;
        Set<String> only = new LinkedHashSet<>();
        String url = null;
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
                default -> throw new IllegalArgumentException("unknown flag " + a + "\n" + USAGE);
            }
        }
        return new BenchOptions(rows, workers, txnBatch, seed, Set.copyOf(only), url);
    }

    /** Whether {@code phase} runs on {@code workload}. */
    boolean selected(String workload, Phase phase) {
        return only.isEmpty() || only.contains(phase.id) || only.contains(workload)
                || only.contains(workload + ":" + phase.id);
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
                if (p != Phase.BASELINE || w.equals("insert")) {
                    known.add(w + ":" + p.id);
                }
            }
        }
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            String s = item.trim();
            if (!known.contains(s)) {
                throw new IllegalArgumentException("flag " + flag + ": unknown phase or workload '" + s + "' (known: "
                        + String.join(", ", Phase.ids()) + ", insert, mixed, or <workload>:<phase>)");
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

    private static long number(String flag, String value) {
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("flag " + flag + " needs a whole number");
        }
    }
}
