package dev.drainer.runtime.metrics;

/**
 * The Go drainer's metrics (spec §10), with its names, types, label names and buckets, so its
 * Grafana dashboards and alerts (which read {@code binlog_drainer_checkpoint_tso} in milliseconds)
 * work unchanged. Buckets the spec does not give are marked below; they follow the Go drainer's
 * sibling histograms. The Go process and runtime collectors have no counterpart here.
 */
public final class DrainerMetrics {
    private static final double[] DURATION_BUCKETS = Histogram.exponentialBuckets(0.00005, 2, 18);

    public final MetricRegistry registry;
    /** Physical ms of the last commit ts received from each pump; label {@code nodeID}. */
    public final Gauge pumpPosition;
    public final Counter.Child ddlJobsTotal;
    /** Label {@code type}: {@code unmarshal_binlog}. */
    public final Counter errorCount;
    /** Physical ms of the checkpoint TSO. */
    public final Gauge.Child checkpointTso;
    public final Histogram.Child checkpointDelaySeconds;
    /** Label {@code type}: Insert, Update, Delete, DDL, savepoint. */
    public final Counter event;
    public final Histogram.Child executeDurationTime;
    /** Label {@code type}: exec, commit, update_mark_table. Buckets not in the spec: 5e-5·2^k, 18. */
    public final Histogram queryDurationTime;
    /** Now minus commit physical time; label {@code nodeID}. */
    public final Histogram binlogReachDurationTime;
    /** Payload bytes; label {@code nodeID}. */
    public final Histogram readBinlogSize;
    /** Label {@code name}: syncer_input, worker_0 ... */
    public final Gauge queueSize;

    public DrainerMetrics(MetricRegistry registry) {
        this.registry = registry;
        pumpPosition = registry.gauge("binlog_drainer_pump_position", "position for each pump.", "nodeID");
        ddlJobsTotal = registry.counter("binlog_drainer_ddl_jobs_total", "Total ddl jobs count been stored.").labels();
        errorCount = registry.counter("binlog_drainer_error_count", "Total count of error type", "type");
        checkpointTso = registry.gauge("binlog_drainer_checkpoint_tso", "save checkpoint tso of drainer.").labels();
        checkpointDelaySeconds = registry.histogram("binlog_drainer_checkpoint_delay_seconds",
                "How much the downstream checkpoint lag behind", Histogram.exponentialBuckets(0.001, 2, 22)).labels();
        event = registry.counter("binlog_drainer_event", "the count of sql event(dml, ddl).", "type");
        executeDurationTime = registry.histogram("binlog_drainer_execute_duration_time",
                "Bucketed histogram of processing time (s) of a execute to sync data to downstream.", DURATION_BUCKETS).labels();
        queryDurationTime = registry.histogram("binlog_drainer_query_duration_time",
                "Bucketed histogram of processing time (s) of a query to sync data to downstream.", DURATION_BUCKETS, "type");
        binlogReachDurationTime = registry.histogram("binlog_drainer_binlog_reach_duration_time",
                "Bucketed histogram of read time (s) of a binlog.", DURATION_BUCKETS, "nodeID");
        readBinlogSize = registry.histogram("binlog_drainer_read_binlog_size", "Bucketed histogram of size of a binlog.",
                Histogram.exponentialBuckets(16, 2, 25), "nodeID");
        queueSize = registry.gauge("binlog_drainer_queue_size", "the size of queue", "name");
    }
}
