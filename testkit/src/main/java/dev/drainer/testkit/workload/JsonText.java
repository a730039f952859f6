package dev.drainer.testkit.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON text, so that JSON cells compare structurally: object keys sorted, numbers by
 * value (1, 1.0 and 1e0 are the same), TiDB's {@code ", "} / {@code ": "} separators.
 */
public final class JsonText {
    // Exact numbers: a double would conflate distinct big integers and make 0.1 inexact.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonText() {
    }

    /** The canonical form of a JSON document; throws IllegalArgumentException if it is not JSON. */
    public static String canonical(String json) {
        try {
            StringBuilder sb = new StringBuilder();
            write(MAPPER.readTree(json), sb);
            return sb.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }

    /** The canonical form, or the text itself if it is not JSON (so a bad downstream cell shows up as a difference). */
    public static String canonicalOrRaw(String json) {
        try {
            return canonical(json);
        } catch (IllegalArgumentException e) {
            return json;
        }
    }

    private static void write(JsonNode n, StringBuilder sb) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            sb.append("null");
        } else if (n.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(n.properties());
            fields.sort(Map.Entry.comparingByKey());
            sb.append('{');
            for (int i = 0; i < fields.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(TextNode.valueOf(fields.get(i).getKey())).append(": ");
                write(fields.get(i).getValue(), sb);
            }
            sb.append('}');
        } else if (n.isArray()) {
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                sb.append(i == 0 ? "" : ", ");
                write(n.get(i), sb);
            }
            sb.append(']');
        } else if (n.isNumber()) {
            sb.append(number(n.decimalValue()));
        } else if (n.isBoolean()) {
            sb.append(n.booleanValue());
        } else {
            // TextNode.toString() is the JSON-quoted, escaped string.
            sb.append(TextNode.valueOf(n.asText()));
        }
    }

    private static String number(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() <= 0 ? s.toBigIntegerExact().toString() : s.toPlainString();
    }
}
