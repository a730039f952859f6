package dev.drainer.runtime.run;

import dev.drainer.pd.PdClient;
import dev.drainer.pd.PdException;
import dev.drainer.pd.PdMembers;
import java.time.Duration;

/** Start-up's first contact with PD: members (cluster id) retried for a bounded wait, as the Go PD client does. */
final class PdStartup {
    private static final System.Logger LOG = System.getLogger(PdStartup.class.getName());
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private PdStartup() {
    }

    /** PD's members, asking again every second until {@code wait} has passed. */
    static PdMembers awaitMembers(PdClient pd, Duration wait, Duration callTimeout)
            throws PdUnreachableException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                return pd.members(callTimeout);
            } catch (PdException e) {
                if (System.nanoTime() + RETRY_PAUSE.toNanos() > deadline) {
                    throw new PdUnreachableException("PD unreachable: no member list from " + pd.endpoints() + " after "
                            + attempts + " attempts within " + wait.toSeconds() + " s: " + e.getMessage(), e);
                }
                LOG.log(System.Logger.Level.WARNING, "PD not answering, retrying attempt={0} endpoints={1} error={2}",
                        attempts, pd.endpoints(), e.getMessage());
                Thread.sleep(RETRY_PAUSE.toMillis());
            }
        }
    }
}
