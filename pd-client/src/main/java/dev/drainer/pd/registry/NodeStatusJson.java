package dev.drainer.pd.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Registry records as Go's encoding/json writes and reads {@code node.Status}: keys in struct order
 * ({@code nodeId, host, state, isAlive, score, label, maxCommitTS, updateTS}), Go string escaping,
 * label keys sorted; on reading, keys match case-insensitively with the last one winning, unknown
 * keys and JSON null values are skipped, and a number must fit its field exactly. One loss: a label
 * of {@code {"labels":null}} reads as an empty map and is written back as {@code {"labels":{}}}.
 */
public final class NodeStatusJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    // Go sorts map keys as byte strings; code point order is UTF-8 byte order.
    private static final Comparator<String> GO_KEY_ORDER = (a, b) -> {
        Iterator<Integer> x = a.codePoints().iterator();
        Iterator<Integer> y = b.codePoints().iterator();
        while (x.hasNext() && y.hasNext()) {
            int c = Integer.compare(x.next(), y.next());
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(x.hasNext(), y.hasNext());
    };

    private NodeStatusJson() {
    }

    /** The compact JSON text the Go tools write for {@code s}. */
    public static String encode(NodeStatus s) {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"nodeId\":");
        GoJson.quote(out, s.nodeId());
        out.append(",\"host\":");
        GoJson.quote(out, s.host());
        out.append(",\"state\":");
        GoJson.quote(out, s.state().wireName());
        out.append(",\"isAlive\":").append(s.isAlive());
        out.append(",\"score\":").append(s.score());
        out.append(",\"label\":");
        if (s.label() == null) {
            out.append("null");
        } else {
            out.append("{\"labels\":{");
            String sep = "";
            for (String k : s.label().keySet().stream().sorted(GO_KEY_ORDER).toList()) {
                out.append(sep);
                GoJson.quote(out, k);
                out.append(':');
                GoJson.quote(out, s.label().get(k));
                sep = ",";
            }
            out.append("}}");
        }
        out.append(",\"maxCommitTS\":").append(s.maxCommitTs());
        out.append(",\"updateTS\":").append(s.updateTs());
        return out.append('}').toString();
    }

    /**
     * Reads a record; empty for the JSON literal {@code null}, which Go decodes to no status and the
     * Go drainer skips. A missing or unknown {@code state} is rejected: this client cannot act on it.
     *
     * @param where the etcd key, for messages
     */
    public static Optional<NodeStatus> decode(String where, String json) throws RegistryFormatException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new RegistryFormatException("registry record " + where + " is not JSON: " + e.getOriginalMessage()
                    + "; value: " + abbreviate(json), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new RegistryFormatException("registry record " + where + " is empty");
        }
        if (root.isNull()) {
            return Optional.empty();
        }
        if (!root.isObject()) {
            throw new RegistryFormatException("registry record " + where + " is not a JSON object: " + abbreviate(json));
        }
        String nodeId = "";
        String host = "";
        String state = "";
        boolean alive = false;
        long score = 0;
        Map<String, String> label = null;
        long maxCommitTs = 0;
        long updateTs = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            String field = f.getKey().toLowerCase(Locale.ROOT);
            if (v.isNull()) {
                // Go leaves a non-pointer field as it was on null, and sets the label pointer to nil.
                if (field.equals("label")) {
                    label = null;
                }
                continue;
            }
            switch (field) {
                case "nodeid" -> nodeId = text(where, f.getKey(), v);
                case "host" -> host = text(where, f.getKey(), v);
                case "state" -> state = text(where, f.getKey(), v);
                case "isalive" -> alive = bool(where, f.getKey(), v);
                case "score" -> score = int64(where, f.getKey(), v);
                case "label" -> label = labels(where, f.getKey(), v);
                case "maxcommitts" -> maxCommitTs = int64(where, f.getKey(), v);
                case "updatets" -> updateTs = int64(where, f.getKey(), v);
                default -> {
                    // Unknown keys are ignored, as Go does.
                }
            }
        }
        NodeState st;
        try {
            st = NodeState.fromWire(state);
        } catch (IllegalArgumentException e) {
            throw new RegistryFormatException("registry record " + where + ": " + e.getMessage());
        }
        return Optional.of(new NodeStatus(nodeId, host, st, alive, score, label, maxCommitTs, updateTs));
    }

    private static String text(String where, String key, JsonNode v) throws RegistryFormatException {
        if (!v.isTextual()) {
            throw wrongType(where, key, v, "a string");
        }
        return v.textValue();
    }

    private static boolean bool(String where, String key, JsonNode v) throws RegistryFormatException {
        if (!v.isBoolean()) {
            throw wrongType(where, key, v, "true or false");
        }
        return v.booleanValue();
    }

    private static long int64(String where, String key, JsonNode v) throws RegistryFormatException {
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw wrongType(where, key, v, "an integer from -2^63 to 2^63-1");
        }
        return v.longValue();
    }

    private static Map<String, String> labels(String where, String key, JsonNode v) throws RegistryFormatException {
        if (!v.isObject()) {
            throw wrongType(where, key, v, "an object {\"labels\":{...}} or null");
        }
        Map<String, String> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getKey().equalsIgnoreCase("labels") || f.getValue().isNull()) {
                continue;
            }
            if (!f.getValue().isObject()) {
                throw wrongType(where, key + ".labels", f.getValue(), "an object of strings");
            }
            for (Iterator<Map.Entry<String, JsonNode>> l = f.getValue().fields(); l.hasNext(); ) {
                Map.Entry<String, JsonNode> e = l.next();
                out.put(e.getKey(), e.getValue().isNull() ? "" : text(where, key + ".labels." + e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    private static RegistryFormatException wrongType(String where, String key, JsonNode v, String expected) {
        return new RegistryFormatException("registry record " + where + ": key " + key + " is " + abbreviate(v.toString())
                + ", expected " + expected);
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
