package dev.drainer.pd.tikv;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * TiDB's DDL history in TiKV meta (spec §3.1): the {@code DDLJobHistory} hash read at a version, as
 * TiDB's {@code GetAllHistoryDDLJobs} and {@code GetHistoryDDLJob} do. Values are the jobs' JSON,
 * left to the caller to parse.
 */
public final class MetaReader {
    /** Keys per KvScan call: the history of a busy cluster holds many thousands of jobs. */
    public static final int SCAN_PAGE = 256;

    private final TikvReader tikv;
    private final int pageSize;

    public MetaReader(TikvReader tikv) {
        this(tikv, SCAN_PAGE);
    }

    /** A reader scanning {@code pageSize} keys per call (tests use small pages to exercise paging). */
    public MetaReader(TikvReader tikv, int pageSize) {
        this.tikv = tikv;
        this.pageSize = pageSize;
    }

    /** Every history job's JSON by job id, in job id order. */
    public Map<Long, byte[]> historyJobs(long version) throws TikvException {
        byte[] prefix = MetaKeys.hashPrefix(MetaKeys.DDL_JOB_HISTORY);
        Map<Long, byte[]> jobs = new LinkedHashMap<>();
        for (TikvReader.KvPair p : tikv.scan(prefix, Memcomparable.prefixNext(prefix), version, pageSize)) {
            byte[] field = MetaKeys.hashFieldOf(MetaKeys.DDL_JOB_HISTORY, p.key());
            if (field.length != 8) {
                throw new TikvException("meta hash " + MetaKeys.DDL_JOB_HISTORY + " has a field of " + field.length
                        + " bytes; job ids are 8 bytes: " + java.util.HexFormat.of().formatHex(p.key()));
            }
            jobs.put(java.nio.ByteBuffer.wrap(field).getLong(), p.value());
        }
        return jobs;
    }

    /** One history job's JSON, or empty if the history has no job with this id at {@code version}. */
    public Optional<byte[]> historyJob(long jobId, long version) throws TikvException {
        return tikv.get(MetaKeys.hashField(MetaKeys.DDL_JOB_HISTORY, MetaKeys.jobIdField(jobId)), version);
    }

    /** True when TiDB (6.2 or later) created its DDL system tables, which is when history may live in {@code mysql.tidb_ddl_history}. */
    public boolean ddlTablesExist(long version) throws TikvException {
        return tikv.get(MetaKeys.string(MetaKeys.DDL_TABLE_VERSION), version).isPresent();
    }
}
