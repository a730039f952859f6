package dev.drainer.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.drainer.config.DbType;

/** The downstream database kind ([syncer] db-type). */
public enum DownstreamType {
    @JsonProperty("mysql") MYSQL(DbType.MYSQL),
    @JsonProperty("tidb") TIDB(DbType.TIDB);

    private final DbType dbType;

    DownstreamType(DbType dbType) {
        this.dbType = dbType;
    }

    /** The drainer-config value. */
    public DbType dbType() {
        return dbType;
    }
}
