package dev.drainer.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LogSetupTest {
    @Test
    void oneLinePerRecordWithPlainNumbers() {
        LogRecord r = new LogRecord(Level.INFO, "checkpoint saved commitTS={0} table={1}");
        r.setParameters(new Object[] {434000001205010805L, "tidb_binlog.checkpoint"});
        r.setLoggerName("dev.drainer.runtime.syncer.CheckpointKeeper");
        String line = new LogSetup.LineFormatter().format(r);
        assertTrue(line.matches("\\S+Z INFO  CheckpointKeeper: checkpoint saved commitTS=434000001205010805 table=tidb_binlog.checkpoint\\R"),
                line);
    }
}
