package dev.drainer.checkpoint;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a new JDBC connection to the database that holds the checkpoint. */
@FunctionalInterface
public interface ConnectionFactory {
    Connection open() throws SQLException;
}
