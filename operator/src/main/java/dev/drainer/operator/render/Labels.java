package dev.drainer.operator.render;

import java.util.LinkedHashMap;
import java.util.Map;

/** The labels and annotation keys the operator puts on what it creates. */
public final class Labels {
    /** Maps an owned object back to its Drainer (also for the relay claim, which has no owner reference). */
    public static final String DRAINER = "binlog.drainer.dev/drainer";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String OPERATOR = "drainer-operator";
    /** Selector of the operator's informers: only objects it created. */
    public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;

    public static final String CONFIG_HASH = "binlog.drainer.dev/config-hash";
    public static final String SECRET_HASH = "binlog.drainer.dev/secret-hash";
    public static final String DESIRED_HASH = "binlog.drainer.dev/desired-hash";
    /** On recovery Jobs and their pods: {@link #RECOVERY}. */
    public static final String COMPONENT = "binlog.drainer.dev/component";
    public static final String RECOVERY = "recovery";
    /** On a recovery Job: digest of the drainer.toml, image and arguments it was made from. */
    public static final String SPEC_HASH = "binlog.drainer.dev/spec-hash";
    /** On a recovery Job: its attempt number. */
    public static final String ATTEMPT = "binlog.drainer.dev/attempt";
    /** Set to "true" on a Drainer to let deletion finish although the node could not be marked offline. */
    public static final String SKIP_OFFLINE = "binlog.drainer.dev/skip-offline";

    private Labels() {
    }

    /** Labels of every owned object. */
    public static Map<String, String> of(String drainer) {
        Map<String, String> m = new LinkedHashMap<>(selector(drainer));
        m.put(MANAGED_BY, OPERATOR);
        m.put(DRAINER, drainer);
        return m;
    }

    /**
     * Labels of a recovery Job and its pod: never the pod selector of the StatefulSet and the Service, so that the
     * Job's pod is neither adopted nor sent traffic.
     */
    public static Map<String, String> recovery(String drainer) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(MANAGED_BY, OPERATOR);
        m.put(DRAINER, drainer);
        m.put(COMPONENT, RECOVERY);
        return m;
    }

    /** The pod selector of the StatefulSet and the Service. */
    public static Map<String, String> selector(String drainer) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("app.kubernetes.io/name", "drainer");
        m.put("app.kubernetes.io/instance", drainer);
        return m;
    }
}
