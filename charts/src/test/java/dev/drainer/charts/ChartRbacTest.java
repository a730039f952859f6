package dev.drainer.charts;

import static dev.drainer.charts.ChartUnderTest.FULLNAME;
import static dev.drainer.charts.ChartUnderTest.NAMESPACE;
import static dev.drainer.charts.RbacRulesFile.canonical;
import static dev.drainer.charts.RbacRulesFile.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rendered Roles and ClusterRoles grant exactly files/rbac-rules.yaml, scoped by watchNamespaces. */
class ChartRbacTest {
    private static final String LEASE_ROLE = FULLNAME + "-leader-election";

    @ParameterizedTest
    @ValueSource(strings = {"", "service-monitor.yaml", "custom.yaml"})
    void clusterWideGrantsExactlyTheRulesFile(String values) {
        Rendered r = ChartUnderTest.template(valuesFiles(values));
        List<JsonNode> granted = new ArrayList<>(list(r.one("ClusterRole", FULLNAME, "").path("rules")));
        granted.addAll(leaseRules(r));
        assertEquals(canonical(RbacRulesFile.rules()), canonical(granted), "granted rules differ from "
                + RbacRulesFile.PATH);
        assertBinds(r.one("ClusterRoleBinding", FULLNAME, ""), "ClusterRole", FULLNAME);
        assertEquals(List.of(), r.ofKind("Role").stream().filter(o -> !LEASE_ROLE.equals(name(o))).toList(),
                "cluster-wide mode renders no namespaced Role besides the Lease role");
    }

    @Test
    void namespacedGrantsTheRulesInEachListedNamespaceAndNoClusterRole() {
        Rendered r = ChartUnderTest.template("namespaced.yaml");
        assertEquals(List.of(), r.ofKind("ClusterRole"));
        assertEquals(List.of(), r.ofKind("ClusterRoleBinding"));
        for (String ns : List.of("team-a", "team-b")) {
            List<JsonNode> granted = new ArrayList<>(list(r.one("Role", FULLNAME, ns).path("rules")));
            granted.addAll(leaseRules(r));
            assertEquals(canonical(RbacRulesFile.rules()), canonical(granted), "rules in namespace " + ns);
            assertBinds(r.one("RoleBinding", FULLNAME, ns), "Role", FULLNAME);
        }
        Set<String> roleNamespaces = new HashSet<>();
        r.ofKind("Role").stream().filter(o -> FULLNAME.equals(name(o)))
                .forEach(o -> roleNamespaces.add(o.path("metadata").path("namespace").asText()));
        assertEquals(Set.of("team-a", "team-b"), roleNamespaces, "the operator's Role exists only where it watches");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "namespaced.yaml", "service-monitor.yaml", "custom.yaml"})
    void noRuleHasAWildcard(String values) {
        Rendered r = ChartUnderTest.template(valuesFiles(values));
        List<JsonNode> roles = Stream.concat(r.ofKind("ClusterRole").stream(), r.ofKind("Role").stream()).toList();
        assertFalse(roles.isEmpty());
        for (JsonNode role : roles) {
            for (JsonNode rule : list(role.path("rules"))) {
                rule.fields().forEachRemaining(f -> assertTrue(list(f.getValue()).stream()
                                .noneMatch(v -> v.asText().contains("*")),
                        () -> role.path("kind").asText() + " " + name(role) + " grants a wildcard in " + f.getKey()
                                + ": " + rule));
            }
        }
    }

    @Test
    void secretsAreGetOnly() {
        List<JsonNode> secrets = RbacRulesFile.rules().stream()
                .filter(rule -> list(rule.path("resources")).stream().anyMatch(v -> v.asText().equals("secrets")))
                .toList();
        assertEquals(1, secrets.size(), "one rule for secrets in " + RbacRulesFile.PATH);
        Set<String> verbs = new HashSet<>(list(secrets.get(0).path("verbs")).stream().map(JsonNode::asText).toList());
        assertEquals(Set.of("get"), verbs, "the operator GETs the password and TLS Secrets by name and never lists"
                + " or watches Secrets, but the rules grant " + verbs);
    }

    @Test
    void theRulesFileFollowsTheContract() {
        Set<String> pairs = new HashSet<>();
        for (JsonNode rule : RbacRulesFile.rules()) {
            assertEquals(1, rule.path("apiGroups").size(), () -> "one apiGroup per rule: " + rule);
            assertEquals(1, rule.path("resources").size(), () -> "one resource per rule: " + rule);
            assertTrue(pairs.add(rule.path("apiGroups").get(0).asText() + "/" + rule.path("resources").get(0).asText()),
                    () -> "one rule per (apiGroup, resource): " + rule);
            List<String> verbs = list(rule.path("verbs")).stream().map(JsonNode::asText).toList();
            assertEquals(verbs.stream().sorted().distinct().toList(), verbs, () -> "verbs sorted, no repeats: " + rule);
        }
    }

    @Test
    void aWildcardInTheRulesFileFailsTheRender(@TempDir Path dir) throws IOException {
        Path chart = copyChart(dir);
        Files.writeString(chart.resolve("files/rbac-rules.yaml"), """
                rules:
                  - apiGroups: [""]
                    resources: ["configmaps"]
                    verbs: ["get"]
                  - apiGroups: [""]
                    resources: ["secrets"]
                    verbs: ["*"]
                """);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ChartUnderTest.template(chart));
        assertTrue(e.getMessage().contains("files/rbac-rules.yaml rules[1].verbs contains the wildcard \"*\""),
                e.getMessage());
    }

    private static String[] valuesFiles(String values) {
        return values.isEmpty() ? new String[0] : new String[] {values};
    }

    /** The rules of the leader-election Role, which must exist exactly when the rules file has a Lease rule. */
    private static List<JsonNode> leaseRules(Rendered r) {
        boolean expected = RbacRulesFile.rules().stream().anyMatch(RbacRulesFile::isLease);
        if (!expected) {
            assertEquals(List.of(), r.ofKind("Role").stream().filter(o -> LEASE_ROLE.equals(name(o))).toList());
            return List.of();
        }
        assertBinds(r.one("RoleBinding", LEASE_ROLE, NAMESPACE), "Role", LEASE_ROLE);
        List<JsonNode> rules = list(r.one("Role", LEASE_ROLE, NAMESPACE).path("rules"));
        assertTrue(rules.stream().allMatch(RbacRulesFile::isLease), () -> "the Lease role grants only leases: " + rules);
        return rules;
    }

    private static void assertBinds(JsonNode binding, String roleKind, String roleName) {
        assertEquals(roleKind, binding.path("roleRef").path("kind").asText());
        assertEquals(roleName, binding.path("roleRef").path("name").asText());
        List<JsonNode> subjects = list(binding.path("subjects"));
        assertEquals(1, subjects.size());
        assertEquals("ServiceAccount", subjects.get(0).path("kind").asText());
        assertEquals(FULLNAME, subjects.get(0).path("name").asText());
        assertEquals(NAMESPACE, subjects.get(0).path("namespace").asText());
    }

    private static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    private static Path copyChart(Path dir) throws IOException {
        Path target = dir.resolve("drainer-operator");
        try (Stream<Path> files = Files.walk(ChartUnderTest.DIR)) {
            files.forEach(source -> {
                try {
                    Files.copy(source, target.resolve(ChartUnderTest.DIR.relativize(source).toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return target;
    }
}
