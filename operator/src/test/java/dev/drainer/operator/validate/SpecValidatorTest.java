package dev.drainer.operator.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.drainer.operator.Fixtures;
import dev.drainer.operator.api.DrainerSpec;
import dev.drainer.operator.api.TableRef;
import dev.drainer.operator.api.TlsSpec;
import dev.drainer.operator.render.Names;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {
    private static final Names NAMES = new Names("a", "ns");

    private static List<String> violations(Consumer<DrainerSpec> change) {
        DrainerSpec spec = Fixtures.drainer("ns", "a").getSpec();
        change.accept(spec);
        return SpecValidator.validate(spec, NAMES).stream().map(Violation::toString).toList();
    }

    @Test
    void theFixtureIsValid() {
        assertEquals(List.of(), violations(s -> { }));
    }

    @Test
    void eachViolationNamesItsFieldPath() {
        assertEquals(List.of("spec.pd.endpoints[1]: invalid PD URL 'pd:2379'; expected http(s)://host:port"),
                violations(s -> s.pd.endpoints = List.of("http://pd:2379", "pd:2379")));
        assertEquals(List.of("spec.pd.endpoints: must list at least one PD URL such as http://pd:2379"),
                violations(s -> s.pd.endpoints = List.of()));
        assertEquals(List.of("spec.downstream.host: must not be empty"), violations(s -> s.downstream.host = " "));
        assertEquals(List.of("spec.downstream.passwordSecretRef: needs a Secret name and key"),
                violations(s -> s.downstream.passwordSecretRef.key = ""));
        assertEquals(List.of("spec.checkpoint.schema: 'tidb-binlog' is not allowed: use 1-64 letters, digits, _ or $"),
                violations(s -> s.checkpoint.schema = "tidb-binlog"));
        assertEquals(List.of("spec.initialCommitTS: must be -1 (current TSO) or a TSO, found -2"),
                violations(s -> s.initialCommitTS = -2));
        assertEquals(List.of("spec.syncer.txnBatch: must be greater than 0, found 0"),
                violations(s -> s.syncer.txnBatch = 0));
        assertEquals(List.of("spec.syncer.ignoreTables[0]: needs both schema and table"),
                violations(s -> s.syncer.ignoreTables = List.of(new TableRef())));
        assertEquals(List.of("spec.relayLog.size: invalid quantity '10 apples'; expected e.g. 10Gi"),
                violations(s -> s.relayLog.size = "10 apples"));
        assertEquals(List.of("spec.relayLog.accessModes[0]: unknown access mode 'ReadWriteSometimes'; allowed:"
                        + " ReadOnlyMany, ReadWriteMany, ReadWriteOnce, ReadWriteOncePod"),
                violations(s -> s.relayLog.accessModes = List.of("ReadWriteSometimes")));
        assertEquals(List.of("spec.relayLog.storageClassName: cannot be combined with spec.relayLog.existingClaim (the"
                        + " existing claim already has its storage)"), violations(s -> {
                            s.relayLog.existingClaim = "mine";
                            s.relayLog.storageClassName = "nfs";
                        }));
        assertEquals(List.of("spec.securityContext.runAsUser: must be a non-root uid (> 0), found 0"),
                violations(s -> s.securityContext.runAsUser = 0));
        assertEquals(List.of("spec.downstream.tls: certKey and keyKey go together (a client certificate needs both)"),
                violations(s -> {
                    s.downstream.tls = new TlsSpec();
                    s.downstream.tls.secretName = "t";
                    s.downstream.tls.keyKey = "";
                }));
        assertEquals(List.of("spec.pd.endpoints[0]: 'https://pd:2379': https needs spec.pd.tls (a Secret with the CA"
                        + " that signed PD's certificate)"),
                violations(s -> s.pd.endpoints = List.of("https://pd:2379")));
        assertEquals(List.of("spec.pd.tls.caKey: must not be empty: TLS is only enabled with a CA"),
                violations(s -> {
                    s.pd.endpoints = List.of("https://pd:2379");
                    s.pd.tls = new TlsSpec();
                    s.pd.tls.secretName = "t";
                    s.pd.tls.caKey = "";
                }));
        assertEquals(List.of("spec.pd.tls.certKey: must not be empty: with spec.pd.tls the drainer also serves TLS on"
                + " its own port (pumps call Notify over TLS), with this certificate and keyKey's key as its server"
                + " identity"), violations(s -> {
                    s.pd.endpoints = List.of("https://pd-0:2379");
                    s.pd.tls = new TlsSpec();
                    s.pd.tls.secretName = "pd-tls";
                    s.pd.tls.certKey = "";
                    s.pd.tls.keyKey = "";
                }));
        assertEquals(List.of(), violations(s -> {
            s.pd.endpoints = List.of("https://pd-0:2379", "https://pd-1:2379");
            s.pd.tls = new TlsSpec();
            s.pd.tls.secretName = "pd-tls";
        }), "a PD TLS spec with the Secret's default keys starts");
    }

    @Test
    void rawConfigIsCheckedByTheDrainersOwnParser() {
        assertEquals(List.of("spec.config: invalid drainer configuration: spec.config line 2: unknown key"
                        + " \"syncer.wroker-count\" (did you mean \"syncer.worker-count\"?)"),
                violations(s -> s.config = "[syncer]\nwroker-count = 3\n"));
        assertEquals(List.of("spec.config: invalid drainer configuration: spec.config line 1: log-level: invalid value"
                        + " \"loud\"; allowed values: debug, info, warn, error, fatal"),
                violations(s -> s.config = "log-level = \"loud\"\n"));
    }
}
