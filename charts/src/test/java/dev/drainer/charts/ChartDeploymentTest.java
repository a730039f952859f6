package dev.drainer.charts;

import static dev.drainer.charts.ChartUnderTest.FULLNAME;
import static dev.drainer.charts.ChartUnderTest.NAMESPACE;
import static dev.drainer.charts.RbacRulesFile.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The operator's Deployment, metrics Service and ServiceMonitor as the values shape them. */
class ChartDeploymentTest {

    @Test
    void defaultsRunNonRootOnAReadOnlyRootWithAWritableTmp() {
        JsonNode pod = podSpec(ChartUnderTest.template());
        JsonNode container = container(pod);
        boolean nonRoot = pod.path("securityContext").path("runAsNonRoot").asBoolean(false)
                || container.path("securityContext").path("runAsNonRoot").asBoolean(false);
        assertTrue(nonRoot, "runAsNonRoot must be set: " + pod.path("securityContext"));
        assertNotEquals(0, pod.path("securityContext").path("runAsUser").asInt(0), "a numeric non-root uid");
        assertTrue(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean(false));
        assertEquals(false, container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true));
        assertEquals(List.of("ALL"), list(container.path("securityContext").path("capabilities").path("drop")).stream()
                .map(JsonNode::asText).toList());
        JsonNode tmp = list(container.path("volumeMounts")).stream()
                .filter(m -> m.path("mountPath").asText().equals("/tmp")).findFirst().orElseThrow();
        JsonNode volume = list(pod.path("volumes")).stream()
                .filter(v -> v.path("name").asText().equals(tmp.path("name").asText())).findFirst().orElseThrow();
        assertTrue(volume.has("emptyDir"), "/tmp is an emptyDir: " + volume);
        assertEquals(FULLNAME, pod.path("serviceAccountName").asText());
    }

    @Test
    void defaultsWatchEveryNamespaceWithTheAppVersionImage() throws IOException {
        Rendered r = ChartUnderTest.template();
        JsonNode container = container(podSpec(r));
        String appVersion = ChartUnderTest.YAML.readTree(ChartUnderTest.DIR.resolve("Chart.yaml").toFile())
                .path("appVersion").asText();
        assertEquals("ghcr.io/drainer-operator/operator:" + appVersion, container.path("image").asText());
        assertEquals("IfNotPresent", container.path("imagePullPolicy").asText());
        assertEquals("JOSDK_ALL_NAMESPACES", env(container).get("DRAINER_WATCH_NAMESPACES"));
        assertEquals("INFO", env(container).get("QUARKUS_LOG_LEVEL"));
        assertEquals(1, deployment(r).path("spec").path("replicas").asInt());
        assertEquals(List.of(), r.ofKind("ServiceMonitor"));
    }

    @Test
    void namespacedModePassesTheListToTheOperator() {
        assertEquals("team-a,team-b", env(container(podSpec(ChartUnderTest.template("namespaced.yaml"))))
                .get("DRAINER_WATCH_NAMESPACES"));
    }

    @Test
    void customValuesReachThePod() throws IOException {
        JsonNode values = ChartUnderTest.YAML.readTree(ChartUnderTest.resource("values/custom.yaml").toFile());
        Rendered r = ChartUnderTest.template("custom.yaml");
        JsonNode pod = podSpec(r);
        JsonNode container = container(pod);
        assertEquals("registry.example.com/ops/drainer-operator:0.2.0-rc1", container.path("image").asText());
        assertEquals("Always", container.path("imagePullPolicy").asText());
        assertEquals(2, deployment(r).path("spec").path("replicas").asInt());
        assertEquals("DEBUG", env(container).get("QUARKUS_LOG_LEVEL"));
        assertEquals(values.path("resources"), container.path("resources"));
        // Helm merges maps with the defaults: the given fields win, the default seccomp profile stays.
        values.path("podSecurityContext").fields().forEachRemaining(e -> assertEquals(e.getValue(),
                pod.path("securityContext").path(e.getKey()), "podSecurityContext." + e.getKey()));
        assertEquals("RuntimeDefault", pod.path("securityContext").path("seccompProfile").path("type").asText());
        assertEquals(values.path("imagePullSecrets"), pod.path("imagePullSecrets"));
        assertEquals(values.path("nodeSelector"), pod.path("nodeSelector"));
        assertEquals(values.path("tolerations"), pod.path("tolerations"));
        assertEquals(values.path("affinity"), pod.path("affinity"));
    }

    @Test
    void probesUseQuarkusHealthOnTheHttpPort() {
        JsonNode container = container(podSpec(ChartUnderTest.template()));
        assertEquals(8080, list(container.path("ports")).stream().filter(p -> p.path("name").asText().equals("http"))
                .findFirst().orElseThrow().path("containerPort").asInt());
        assertEquals("/q/health/started", container.path("startupProbe").path("httpGet").path("path").asText());
        assertEquals("/q/health/live", container.path("livenessProbe").path("httpGet").path("path").asText());
        assertEquals("/q/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertEquals("http", container.path(probe).path("httpGet").path("port").asText(), probe);
        }
    }

    @Test
    void theMetricsServiceSelectsTheOperatorPods() {
        Rendered r = ChartUnderTest.template();
        JsonNode service = r.one("Service", FULLNAME, NAMESPACE);
        JsonNode podLabels = deployment(r).path("spec").path("template").path("metadata").path("labels");
        service.path("spec").path("selector").fields().forEachRemaining(
                e -> assertEquals(e.getValue(), podLabels.path(e.getKey()), "pod label " + e.getKey()));
        JsonNode port = service.path("spec").path("ports").get(0);
        assertEquals("http", port.path("name").asText());
        assertEquals("http", port.path("targetPort").asText());
    }

    @Test
    void theServiceMonitorScrapesQuarkusMetrics() {
        Rendered r = ChartUnderTest.template("service-monitor.yaml");
        JsonNode monitor = r.one("ServiceMonitor", FULLNAME, NAMESPACE);
        assertEquals("monitoring.coreos.com/v1", monitor.path("apiVersion").asText());
        assertEquals("kube-prometheus", monitor.path("metadata").path("labels").path("release").asText());
        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        assertEquals("http", endpoint.path("port").asText());
        assertEquals("/q/metrics", endpoint.path("path").asText());
        assertEquals("1m", endpoint.path("interval").asText());
        JsonNode serviceLabels = r.one("Service", FULLNAME, NAMESPACE).path("metadata").path("labels");
        monitor.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(
                e -> assertEquals(e.getValue(), serviceLabels.path(e.getKey()), "service label " + e.getKey()));
        assertEquals(List.of(NAMESPACE), list(monitor.path("spec").path("namespaceSelector").path("matchNames"))
                .stream().map(JsonNode::asText).toList());
    }

    private static JsonNode deployment(Rendered r) {
        return r.one("Deployment", FULLNAME, NAMESPACE);
    }

    private static JsonNode podSpec(Rendered r) {
        return deployment(r).path("spec").path("template").path("spec");
    }

    private static JsonNode container(JsonNode podSpec) {
        assertEquals(1, podSpec.path("containers").size());
        return podSpec.path("containers").get(0);
    }

    /** The container's literal environment values (valueFrom entries excluded). */
    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new TreeMap<>();
        list(container.path("env")).stream().filter(e -> e.has("value"))
                .forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        return env;
    }
}
