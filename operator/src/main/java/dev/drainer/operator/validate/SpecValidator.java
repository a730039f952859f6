package dev.drainer.operator.validate;

import dev.drainer.config.ConfigException;
import dev.drainer.config.ConfigLoader;
import dev.drainer.config.DrainerConfig;
import dev.drainer.config.GoDuration;
import dev.drainer.operator.api.DrainerSpec;
import dev.drainer.operator.api.RecoverySpec;
import dev.drainer.operator.api.RelayLogSpec;
import dev.drainer.operator.api.TableRef;
import dev.drainer.operator.api.TlsSpec;
import dev.drainer.operator.render.DrainerToml;
import dev.drainer.operator.render.Names;
import dev.drainer.operator.render.RawConfig;
import io.fabric8.kubernetes.api.model.Quantity;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Semantic checks the CRD schema cannot express. Everything is checked before anything is created, and the
 * rendered drainer.toml is finally parsed by the drainer's own strict parser, so an accepted spec starts.
 */
public final class SpecValidator {
    /** With [security] the drainer serves TLS on its own port too, with ssl-cert as its server certificate. */
    static final String PD_TLS_NEEDS_CERTIFICATE = "must not be empty: with spec.pd.tls the drainer also serves TLS on"
            + " its own port (pumps call Notify over TLS), with this certificate and keyKey's key as its server identity";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_$]{1,64}");
    private static final Set<String> ACCESS_MODES = Set.of("ReadWriteOnce", "ReadWriteMany", "ReadOnlyMany",
            "ReadWriteOncePod");

    /**
     * The strict parse of each rendered text ("" = accepted): every reconcile validates, and the parser costs far
     * more than the rest of a decision, while the same text always parses the same way.
     */
    private static final Map<String, String> PARSED = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 1024;
        }
    };

    private SpecValidator() {
    }

    /** Every violation of the spec; empty when it can run. */
    public static List<Violation> validate(DrainerSpec spec, Names names) {
        List<Violation> v = new ArrayList<>();
        if (spec == null) {
            v.add(new Violation("spec", "is required"));
            return v;
        }
        pd(spec, v);
        downstream(spec, v);
        checkpoint(spec, v);
        if (spec.initialCommitTS < -1) {
            v.add(new Violation("spec.initialCommitTS", "must be -1 (current TSO) or a TSO, found "
                    + spec.initialCommitTS));
        }
        syncer(spec, v);
        relay(spec.relayLog, v);
        pod(spec, v);
        recovery(spec.recovery, v);
        for (String conflict : RawConfig.conflicts(spec.config)) {
            v.add(new Violation("spec.config", conflict));
        }
        if (v.isEmpty()) {
            rendered(spec, names, v);
        }
        return v;
    }

    private static void pd(DrainerSpec spec, List<Violation> v) {
        if (spec.pd == null || spec.pd.endpoints == null || spec.pd.endpoints.isEmpty()) {
            v.add(new Violation("spec.pd.endpoints", "must list at least one PD URL such as http://pd:2379"));
            return;
        }
        for (int i = 0; i < spec.pd.endpoints.size(); i++) {
            String url = spec.pd.endpoints.get(i);
            String problem = pdUrlProblem(url, spec.pd.tls != null);
            if (problem != null) {
                v.add(new Violation("spec.pd.endpoints[" + i + "]", problem));
            }
        }
        tls("spec.pd.tls", spec.pd.tls, v);
        if (spec.pd.tls != null && blank(spec.pd.tls.certKey) && blank(spec.pd.tls.keyKey)) {
            v.add(new Violation("spec.pd.tls.certKey", PD_TLS_NEEDS_CERTIFICATE));
        }
    }

    /** @param tls whether spec.pd.tls is set: with it every connection is TLS, as the drainer's [security] */
    private static String pdUrlProblem(String url, boolean tls) {
        try {
            URI u = new URI(url == null ? "" : url.trim());
            boolean scheme = "http".equals(u.getScheme()) || "https".equals(u.getScheme());
            boolean path = u.getRawPath() == null || u.getRawPath().isEmpty() || "/".equals(u.getRawPath());
            if (scheme && u.getHost() != null && u.getPort() > 0 && path) {
                // Rejected rather than probed: a probe that cannot speak TLS would read a healthy PD as lost
                // and, in mode Automatic, fence a running drainer.
                return "https".equals(u.getScheme()) && !tls ? "'" + url + "': https needs spec.pd.tls (a Secret"
                        + " with the CA that signed PD's certificate)" : null;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        return "invalid PD URL '" + url + "'; expected http(s)://host:port";
    }

    private static void downstream(DrainerSpec spec, List<Violation> v) {
        if (spec.downstream == null) {
            v.add(new Violation("spec.downstream", "is required"));
            return;
        }
        if (spec.downstream.type == null) {
            v.add(new Violation("spec.downstream.type", "must be mysql or tidb"));
        }
        if (spec.downstream.host == null || spec.downstream.host.isBlank()) {
            v.add(new Violation("spec.downstream.host", "must not be empty"));
        }
        if (spec.downstream.port < 1 || spec.downstream.port > 65535) {
            v.add(new Violation("spec.downstream.port", "must be from 1 to 65535, found " + spec.downstream.port));
        }
        if (spec.downstream.user == null || spec.downstream.user.isEmpty()) {
            v.add(new Violation("spec.downstream.user", "must not be empty"));
        }
        if (spec.downstream.passwordSecretRef == null || blank(spec.downstream.passwordSecretRef.name)
                || blank(spec.downstream.passwordSecretRef.key)) {
            v.add(new Violation("spec.downstream.passwordSecretRef", "needs a Secret name and key"));
        }
        tls("spec.downstream.tls", spec.downstream.tls, v);
    }

    private static void checkpoint(DrainerSpec spec, List<Violation> v) {
        if (spec.checkpoint.database != null) {
            v.add(new Violation("spec.checkpoint.database", "a checkpoint database separate from the downstream is"
                    + " not supported (its password could only travel in drainer.toml); remove the field, the"
                    + " checkpoint is kept in the downstream"));
        }
        identifier("spec.checkpoint.schema", spec.checkpoint.schema, v);
        identifier("spec.checkpoint.table", spec.checkpoint.table, v);
    }

    private static void syncer(DrainerSpec spec, List<Violation> v) {
        if (spec.syncer.workerCount < 1) {
            v.add(new Violation("spec.syncer.workerCount", "must be greater than 0, found " + spec.syncer.workerCount));
        }
        if (spec.syncer.txnBatch < 1) {
            v.add(new Violation("spec.syncer.txnBatch", "must be greater than 0, found " + spec.syncer.txnBatch));
        }
        for (int i = 0; i < spec.syncer.ignoreSchemas.size(); i++) {
            String s = spec.syncer.ignoreSchemas.get(i);
            if (blank(s) || s.contains(",")) {
                v.add(new Violation("spec.syncer.ignoreSchemas[" + i + "]", "must be one non-empty schema name,"
                        + " found '" + s + "'"));
            }
        }
        tables("spec.syncer.ignoreTables", spec.syncer.ignoreTables, v);
        tables("spec.syncer.replicateDoTables", spec.syncer.replicateDoTables, v);
    }

    private static void relay(RelayLogSpec relay, List<Violation> v) {
        if (relay.maxFileSize < 1) {
            v.add(new Violation("spec.relayLog.maxFileSize", "must be greater than 0, found " + relay.maxFileSize));
        }
        if (!relay.enabled) {
            return;
        }
        if (relay.existingClaim != null) {
            if (relay.existingClaim.isBlank()) {
                v.add(new Violation("spec.relayLog.existingClaim", "must not be empty when set"));
            }
            if (relay.storageClassName != null) {
                v.add(new Violation("spec.relayLog.storageClassName", "cannot be combined with"
                        + " spec.relayLog.existingClaim (the existing claim already has its storage)"));
            }
            return;
        }
        try {
            if (Quantity.getAmountInBytes(new Quantity(relay.size)).signum() <= 0) {
                v.add(new Violation("spec.relayLog.size", "must be a positive quantity, found '" + relay.size + "'"));
            }
        } catch (RuntimeException e) {
            v.add(new Violation("spec.relayLog.size", "invalid quantity '" + relay.size + "'; expected e.g. 10Gi"));
        }
        if (relay.accessModes == null || relay.accessModes.isEmpty()) {
            v.add(new Violation("spec.relayLog.accessModes", "must list at least one access mode"));
        } else {
            for (int i = 0; i < relay.accessModes.size(); i++) {
                if (!ACCESS_MODES.contains(relay.accessModes.get(i))) {
                    v.add(new Violation("spec.relayLog.accessModes[" + i + "]", "unknown access mode '"
                            + relay.accessModes.get(i) + "'; allowed: " + String.join(", ", ACCESS_MODES.stream()
                            .sorted().toList())));
                }
            }
        }
    }

    private static void pod(DrainerSpec spec, List<Violation> v) {
        if (blank(spec.image)) {
            v.add(new Violation("spec.image", "must not be empty"));
        }
        if (spec.terminationGracePeriodSeconds < 0) {
            v.add(new Violation("spec.terminationGracePeriodSeconds", "must not be negative, found "
                    + spec.terminationGracePeriodSeconds));
        }
        if (spec.securityContext.runAsUser <= 0) {
            v.add(new Violation("spec.securityContext.runAsUser", "must be a non-root uid (> 0), found "
                    + spec.securityContext.runAsUser));
        }
        if (spec.securityContext.runAsGroup < 0) {
            v.add(new Violation("spec.securityContext.runAsGroup", "must not be negative"));
        }
        if (spec.securityContext.fsGroup < 0) {
            v.add(new Violation("spec.securityContext.fsGroup", "must not be negative"));
        }
    }

    private static void recovery(RecoverySpec r, List<Violation> v) {
        if (r == null) {
            v.add(new Violation("spec.recovery", "must not be null; omit it for the defaults"));
            return;
        }
        if (r.mode == null) {
            v.add(new Violation("spec.recovery.mode", "must be Automatic, Manual or Disabled"));
        }
        if (r.afterRecovery == null) {
            v.add(new Violation("spec.recovery.afterRecovery", "must be Hold or Resume"));
        }
        duration("spec.recovery.pdUnreachableThreshold", r.pdUnreachableThreshold, false, v);
        if (r.probeInterval != null) {
            duration("spec.recovery.probeInterval", r.probeInterval, true, v);
        }
        duration("spec.recovery.backoff", r.backoff, false, v);
        duration("spec.recovery.maxBackoff", r.maxBackoff, false, v);
        duration("spec.recovery.fenceTimeout", r.fenceTimeout, true, v);
        if (r.maxAttempts < 1) {
            v.add(new Violation("spec.recovery.maxAttempts", "must be at least 1, found " + r.maxAttempts));
        }
        if (r.job == null || r.job.activeDeadlineSeconds < 1) {
            v.add(new Violation("spec.recovery.job.activeDeadlineSeconds", "must be at least 1"));
        } else if (r.job.ttlSecondsAfterFinished < 0) {
            v.add(new Violation("spec.recovery.job.ttlSecondsAfterFinished", "must not be negative, found "
                    + r.job.ttlSecondsAfterFinished));
        }
    }

    private static void duration(String path, String value, boolean positive, List<Violation> v) {
        try {
            Duration d = GoDuration.parse(value == null ? "" : value);
            if (d.isNegative() || positive && d.isZero()) {
                v.add(new Violation(path, "must be " + (positive ? "greater than 0" : "0 or more") + ", found '"
                        + value + "'"));
            }
        } catch (ConfigException | IllegalArgumentException e) {
            v.add(new Violation(path, "'" + value + "' is not a duration; expected e.g. 90s, 5m or 1h30m"));
        }
    }

    /** The last gate: what the operator renders must pass the drainer's own strict parser. */
    private static void rendered(DrainerSpec spec, Names names, List<Violation> v) {
        DrainerConfig config;
        try {
            config = DrainerToml.config(spec, names);
        } catch (ConfigException e) {
            v.add(new Violation("spec.config", e.getMessage()));
            return;
        }
        String toml = DrainerToml.render(config);
        String rejection;
        synchronized (PARSED) {
            rejection = PARSED.get(toml);
        }
        if (rejection == null) {
            try {
                ConfigLoader.parseToml(toml, "rendered drainer.toml", Map.of(), DrainerToml.NO_HOST);
                rejection = "";
            } catch (ConfigException e) {
                rejection = e.getMessage();
            }
            synchronized (PARSED) {
                PARSED.put(toml, rejection);
            }
        }
        if (!rejection.isEmpty()) {
            v.add(new Violation("spec", "the rendered drainer.toml is rejected by the drainer: " + rejection));
        }
    }

    private static void tls(String path, TlsSpec tls, List<Violation> v) {
        if (tls == null) {
            return;
        }
        if (blank(tls.secretName)) {
            v.add(new Violation(path + ".secretName", "must not be empty"));
        }
        if (blank(tls.caKey)) {
            v.add(new Violation(path + ".caKey", "must not be empty: TLS is only enabled with a CA"));
        }
        if (blank(tls.certKey) != blank(tls.keyKey)) {
            v.add(new Violation(path, "certKey and keyKey go together (a client certificate needs both)"));
        }
    }

    private static void tables(String path, List<TableRef> tables, List<Violation> v) {
        for (int i = 0; i < tables.size(); i++) {
            TableRef t = tables.get(i);
            if (t == null || blank(t.schema) || blank(t.table)) {
                v.add(new Violation(path + "[" + i + "]", "needs both schema and table"));
            }
        }
    }

    private static void identifier(String path, String value, List<Violation> v) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            v.add(new Violation(path, "'" + value + "' is not allowed: use 1-64 letters, digits, _ or $"));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
