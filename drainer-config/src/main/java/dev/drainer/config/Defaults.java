package dev.drainer.config;

import java.time.Duration;

/** The defaults of spec §9.1 plus those of our extension keys, in one place for code, renderer and docs. */
public final class Defaults {
    public static final String LOG_LEVEL = "info";
    public static final int LISTEN_PORT = 8249;
    public static final String DATA_DIR = "data.drainer";
    public static final int DETECT_INTERVAL = 5;
    public static final String PD_URLS = "http://127.0.0.1:2379";
    public static final long INITIAL_COMMIT_TS = -1;
    public static final int SYNCED_CHECK_TIME = 5;
    public static final int METRICS_INTERVAL = 15;
    public static final int CACHE_BINLOG_COUNT = 8;

    public static final String IGNORE_SCHEMAS = "INFORMATION_SCHEMA,PERFORMANCE_SCHEMA,mysql";
    public static final int TXN_BATCH = 20;
    public static final int WORKER_COUNT = 16;

    public static final long RELAY_MAX_FILE_SIZE = 10L * 1024 * 1024;
    public static final RelayFsync RELAY_FSYNC = RelayFsync.COMMIT;
    public static final Duration RELAY_LOCK_TIMEOUT = Duration.ofSeconds(30);
    public static final String RELAY_LEGACY_TIME_ZONE = "Local";
    public static final boolean RELAY_AUTO_RECOVER = true;

    public static final String TO_HOST = "localhost";
    public static final int TO_PORT = 3306;
    public static final String TO_USER = "root";
    public static final Duration READ_TIMEOUT = Duration.ofMinutes(1);

    public static final String CHECKPOINT_SCHEMA = "tidb_binlog";
    public static final String CHECKPOINT_TABLE = "checkpoint";
    public static final String CHECKPOINT_HOST = "127.0.0.1";
    public static final int CHECKPOINT_PORT = 3306;
    public static final String CHECKPOINT_USER = "root";

    private Defaults() {
    }
}
