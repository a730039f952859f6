package dev.drainer.runtime.schema;

import dev.drainer.sim.tidb.TidbHistory;
import java.util.List;
import java.util.Optional;

/** The simulator's DDL history read through the drainer's own JSON parser (until the TiKV meta reader exists). */
public final class SimulatedHistory implements DdlHistory {
    private final TidbHistory history;

    public SimulatedHistory(TidbHistory history) {
        this.history = history;
    }

    @Override
    public List<Job> allJobs() {
        return history.allJobs().stream().map(MetaJson::job).toList();
    }

    @Override
    public Optional<Job> job(long jobId) {
        return history.job(jobId).map(MetaJson::job);
    }
}
