package dev.drainer.charts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Renders charts/drainer-operator with helm-java's embedded Helm library (no helm binary) and parses the result. */
final class ChartUnderTest {
    static final Path DIR = Path.of(System.getProperty("drainer.chart.dir", "drainer-operator"));
    static final String RELEASE = "ops";
    static final String NAMESPACE = "drainer-system";
    static final String FULLNAME = "ops-drainer-operator";
    static final YAMLMapper YAML = new YAMLMapper();

    private ChartUnderTest() {
    }

    /** {@code helm template} of {@code chart} with the values files (test resources under values/) given. */
    static Rendered template(Path chart, String... valuesFiles) {
        TemplateCommand command = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (String file : valuesFiles) {
            command = command.withValuesFile(resource("values/" + file));
        }
        return new Rendered(parse(command.call()));
    }

    /** {@code helm template} of the chart in the source tree. */
    static Rendered template(String... valuesFiles) {
        return template(DIR, valuesFiles);
    }

    /** The YAML documents of a multi-document stream, empty documents dropped. */
    static List<JsonNode> parse(String yaml) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse the rendered chart:\n" + yaml, e);
        }
        return docs;
    }

    static Path resource(String name) {
        URL url = Objects.requireNonNull(ChartUnderTest.class.getClassLoader().getResource(name),
                () -> "test resource " + name + " is missing");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(url.toString(), e);
        }
    }
}
