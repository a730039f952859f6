package dev.drainer.runtime.run;

import dev.drainer.pd.PdClient;
import dev.drainer.pd.PdException;
import dev.drainer.pd.tikv.MetaReader;
import dev.drainer.pd.tikv.TikvException;
import dev.drainer.runtime.schema.DdlHistory;
import dev.drainer.runtime.schema.DdlHistoryUnavailableException;
import dev.drainer.runtime.schema.Job;
import dev.drainer.runtime.schema.MetaJson;
import dev.drainer.runtime.schema.SchemaException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * TiDB's DDL history read from TiKV meta ({@code DDLJobHistory}, spec §3.1) at a fresh PD timestamp
 * for every read, as the Go drainer reads it through a current snapshot. A job not in the history yet
 * is polled for up to {@code missingJobWait}; on a cluster that has TiDB 6.2's DDL system tables the
 * job may never arrive in meta, and the error says why.
 */
final class TikvDdlHistory implements DdlHistory, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TikvDdlHistory.class.getName());
    static final String CONCURRENT_DDL_HINT = "this cluster has TiDB's DDL system tables (TiDB 6.2 or later): TiDB 6.2-6.5"
            + " with concurrent DDL (tidb_enable_concurrent_ddl = ON, their default) keep finished DDL jobs in"
            + " mysql.tidb_ddl_history instead of TiKV meta, and this drainer reads TiKV meta only; run the Go drainer"
            + " of the cluster's version, or set tidb_enable_concurrent_ddl = OFF before any DDL the drainer must see"
            + " (docs/adr/0004-ddl-history-source.md)";

    private final PdClient pd;
    private final MetaReader meta;
    private final Duration pdTimeout;
    private final Duration missingJobWait;
    private final Duration poll;

    TikvDdlHistory(PdClient pd, MetaReader meta, Duration pdTimeout, Duration missingJobWait, Duration poll) {
        this.pd = pd;
        this.meta = meta;
        this.pdTimeout = pdTimeout;
        this.missingJobWait = missingJobWait;
        this.poll = poll;
    }

    @Override
    public List<Job> allJobs() {
        try {
            long ts = pd.tso(pdTimeout);
            List<Job> jobs = new ArrayList<>();
            meta.historyJobs(ts).forEach((id, json) -> jobs.add(parse(id, json)));
            boolean ddlTables = meta.ddlTablesExist(ts);
            LOG.log(ddlTables ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                    "DDL history read from TiKV meta jobs={0} ts={1} ddlSystemTables={2}{3}", jobs.size(), Long.toString(ts), ddlTables,
                    ddlTables ? " warning=\"" + CONCURRENT_DDL_HINT + "\"" : "");
            return jobs;
        } catch (PdException | TikvException e) {
            throw new DdlHistoryUnavailableException("cannot read the DDL history from TiKV meta: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Job> job(long jobId) {
        long deadline = System.nanoTime() + missingJobWait.toNanos();
        try {
            while (true) {
                long ts = pd.tso(pdTimeout);
                Optional<byte[]> json = meta.historyJob(jobId, ts);
                if (json.isPresent()) {
                    return Optional.of(parse(jobId, json.get()));
                }
                if (System.nanoTime() >= deadline) {
                    if (meta.ddlTablesExist(ts)) {
                        throw new SchemaException("DDL job " + jobId + " is not in TiKV meta's DDL history after "
                                + missingJobWait.toSeconds() + " s; " + CONCURRENT_DDL_HINT);
                    }
                    return Optional.empty();
                }
                LOG.log(System.Logger.Level.DEBUG, "DDL job not in the history yet, polling jobID={0} ts={1}", Long.toString(jobId), Long.toString(ts));
                Thread.sleep(poll.toMillis());
            }
        } catch (PdException | TikvException e) {
            throw new DdlHistoryUnavailableException("cannot read DDL job " + jobId + " from TiKV meta: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DdlHistoryUnavailableException("interrupted waiting for DDL job " + jobId, e);
        }
    }

    /** Closes the PD client the history reads through. */
    @Override
    public void close() {
        pd.close();
    }

    private static Job parse(long id, byte[] json) {
        Job j = MetaJson.job(json);
        if (j.id() != id) {
            throw new SchemaException("TiKV meta DDL history field " + id + " holds job " + j.id());
        }
        return j;
    }
}
