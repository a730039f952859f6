package dev.drainer.operator.control;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The operator's own settings ({@code drainer.operator.*} in application.properties or the environment). */
@ConfigMapping(prefix = "drainer.operator")
public interface OperatorConfig {
    /** At most one PD probe per Drainer per interval. */
    @WithDefault("10s")
    Duration pdProbeInterval();

    /** Timeout of each PD endpoint in a probe. */
    @WithDefault("3s")
    Duration pdProbeTimeout();

    /** At most one checkpoint read per Drainer per interval. */
    @WithDefault("15s")
    Duration checkpointInterval();

    /** Ready turns false when the checkpoint has not advanced for this long while the pod is ready. */
    @WithDefault("2m")
    Duration stallThreshold();

    /** How soon a Drainer is reconciled again without any event (observation is periodic). */
    @WithDefault("10s")
    Duration resyncInterval();

    /** Timeout of the drainer's HTTP API calls and of the checkpoint's JDBC connection. */
    @WithDefault("5s")
    Duration requestTimeout();

    /** Write owned objects with server-side apply (production); create/update otherwise (the test mock server). */
    @WithDefault("true")
    boolean serverSideApply();
}
