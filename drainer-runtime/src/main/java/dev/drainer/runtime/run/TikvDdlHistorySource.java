package dev.drainer.runtime.run;

import dev.drainer.config.DrainerConfig;
import dev.drainer.pd.PdClient;
import dev.drainer.runtime.RuntimeFactory;
import dev.drainer.pd.tikv.MetaReader;
import dev.drainer.pd.tikv.TikvReader;
import dev.drainer.runtime.schema.DdlHistory;
import java.time.Duration;
import java.util.Optional;

/**
 * The DDL history of the cluster behind {@code pd-urls}, read from TiKV meta through PD's region
 * routing. Opening connects to nothing: the first read does, after {@link DrainerRun} reached PD.
 */
public final class TikvDdlHistorySource implements DdlHistorySource {
    /** PD calls for a timestamp: as long as the run's other PD calls. */
    static final Duration PD_TIMEOUT = RunOptions.defaults().pdCallTimeout();
    /** How long a DDL binlog's job may lag behind the binlog before the drainer stops (Go waits without end). */
    static final Duration MISSING_JOB_WAIT = Duration.ofSeconds(60);

    @Override
    public Optional<DdlHistory> open(DrainerConfig cfg) {
        // Its own PD client, as the Go drainer opens its own TiKV store; it lives as long as the process.
        PdClient pd = PdClient.forUrls(cfg.pdUrls(), RuntimeFactory.grpcTls(cfg.security()));
        return Optional.of(new TikvDdlHistory(pd, new MetaReader(new TikvReader(pd, TikvReader.Options.defaults())),
                PD_TIMEOUT, MISSING_JOB_WAIT, Duration.ofSeconds(1)));
    }
}
