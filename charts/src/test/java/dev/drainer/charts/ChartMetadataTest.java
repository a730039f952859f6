package dev.drainer.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Chart.yaml follows the project: appVersion is the Maven version, so the default image tag is this build's. */
class ChartMetadataTest {

    @Test
    void appVersionIsTheProjectVersion() throws IOException {
        JsonNode chart = ChartUnderTest.YAML.readTree(ChartUnderTest.DIR.resolve("Chart.yaml").toFile());
        String project = System.getProperty("drainer.project.version");
        assertEquals("v2", chart.path("apiVersion").asText());
        assertEquals(project.replaceFirst("-SNAPSHOT$", ""), chart.path("appVersion").asText(),
                "Chart.yaml appVersion must be the project version " + project + " (without -SNAPSHOT)");
    }
}
