package dev.drainer.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.ArrayList;
import java.util.List;

/** [syncer]: parallelism, batching, safe mode and filters. */
public class SyncerSpec {
    @Default("16")
    @JsonPropertyDescription("Parallel downstream connections (worker-count).")
    public int workerCount = 16;

    @Default("20")
    @JsonPropertyDescription("Row changes per downstream transaction (txn-batch).")
    public int txnBatch = 20;

    @Default("false")
    @JsonPropertyDescription("Apply INSERT as REPLACE and UPDATE as DELETE+REPLACE (safe-mode).")
    public boolean safeMode;

    @JsonPropertyDescription("Schemas not replicated (ignore-schemas); default INFORMATION_SCHEMA,"
            + " PERFORMANCE_SCHEMA, mysql.")
    public List<String> ignoreSchemas = new ArrayList<>(List.of("INFORMATION_SCHEMA", "PERFORMANCE_SCHEMA", "mysql"));

    @JsonPropertyDescription("Tables not replicated (ignore-table).")
    public List<TableRef> ignoreTables = new ArrayList<>();

    @JsonPropertyDescription("Only these schemas are replicated (replicate-do-db); empty = all.")
    public List<String> replicateDoDbs = new ArrayList<>();

    @JsonPropertyDescription("Only these tables are replicated (replicate-do-table); empty = all.")
    public List<TableRef> replicateDoTables = new ArrayList<>();
}
