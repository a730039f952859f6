package dev.drainer.sim.tidb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The simulated cluster's DDL history ({@code DDLJobHistory} in TiKV meta): job id → {@code model.Job} JSON. */
public final class TidbHistory {
    private final Map<Long, byte[]> jobs = new LinkedHashMap<>();

    synchronized void add(long jobId, byte[] json) {
        jobs.put(jobId, json.clone());
    }

    /** Every job's JSON, in the order the jobs finished. */
    public synchronized List<byte[]> allJobs() {
        List<byte[]> l = new ArrayList<>();
        jobs.values().forEach(j -> l.add(j.clone()));
        return l;
    }

    /** Every job's JSON by job id, in the order the jobs finished. */
    public synchronized Map<Long, byte[]> jobsById() {
        Map<Long, byte[]> m = new LinkedHashMap<>();
        jobs.forEach((id, j) -> m.put(id, j.clone()));
        return m;
    }

    /** The job's JSON, if it exists. */
    public synchronized Optional<byte[]> job(long jobId) {
        byte[] j = jobs.get(jobId);
        return j == null ? Optional.empty() : Optional.of(j.clone());
    }
}
