package dev.drainer.runtime.syncer;

import dev.drainer.checkpoint.CheckpointException;
import dev.drainer.runtime.loader.Loader;
import dev.drainer.runtime.loader.LoaderException;
import dev.drainer.runtime.loader.Txn;
import java.util.List;

/**
 * Applies a batch so that no DDL runs downstream while the saved checkpoint lies below a row change
 * before it: everything before a DDL is applied and the checkpoint saved at the DDL's commit ts - 1,
 * then the DDL runs and the checkpoint is saved at its commit ts. A crash after the DDL therefore
 * replays from the DDL itself (which then counts as applied: docs/loader.md), never the rows before
 * it against a table the DDL renamed, dropped or changed. Batches without a DDL go to the loader whole.
 */
public final class DdlBarrier {
    /** Saves the checkpoint at {@code commitTs}: everything up to it is applied downstream. */
    @FunctionalInterface
    public interface Save {
        void at(long commitTs) throws CheckpointException;
    }

    private DdlBarrier() {
    }

    /** Applies {@code batch} in order, saving through {@code save} before and after each DDL. */
    public static void apply(Loader loader, List<Txn> batch, Save save) throws LoaderException, CheckpointException {
        int from = 0;
        for (int i = 0; i < batch.size(); i++) {
            Txn ddl = batch.get(i);
            if (!ddl.isDdl()) {
                continue;
            }
            if (i > from) {
                loader.apply(batch.subList(from, i));
            }
            // Commit ts are unique, so everything below the DDL's is applied now.
            save.at(ddl.commitTs() - 1);
            loader.apply(List.of(ddl));
            save.at(ddl.commitTs());
            from = i + 1;
        }
        if (from < batch.size()) {
            loader.apply(from == 0 ? batch : batch.subList(from, batch.size()));
        }
    }
}
