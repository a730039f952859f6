package dev.drainer.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Encodes and decodes the checkpoint JSON exactly as the Go drainer does: keys in Go struct order
 * ({@code consistent, commitTS, ts-map, schema-version}), missing keys read as false/0/empty.
 */
public final class CheckpointJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CheckpointJson() {
    }

    /** The compact JSON text the Go drainer would write for {@code cp}. */
    public static String encode(Checkpoint cp) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("consistent", cp.consistent());
        root.put("commitTS", cp.commitTs());
        ObjectNode tsMap = root.putObject("ts-map");
        cp.tsMap().forEach(tsMap::put);
        root.put("schema-version", cp.schemaVersion());
        return root.toString();
    }

    /**
     * Parses a stored document. Rows written by older drainers lack {@code consistent} (read as
     * false) or {@code schema-version} (read as 0) and may carry {@code master-ts}/{@code slave-ts}
     * in the ts-map, which are kept as they are.
     */
    public static Checkpoint decode(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CheckpointFormatException("checkpoint is not JSON: " + abbreviate(json) + ": "
                    + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointFormatException("checkpoint is not a JSON object: " + abbreviate(json));
        }
        JsonNode commit = root.path("commitTS");
        if (!commit.isMissingNode() && !commit.isIntegralNumber()) {
            throw new CheckpointFormatException("checkpoint commitTS is not an integer: " + abbreviate(json));
        }
        Map<String, Long> tsMap = new LinkedHashMap<>();
        JsonNode map = root.path("ts-map");
        if (map.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                tsMap.put(e.getKey(), e.getValue().asLong());
            }
        } else if (!map.isMissingNode() && !map.isNull()) {
            // The Go drainer cannot decode this shape either; say so instead of guessing.
            throw new CheckpointFormatException("checkpoint ts-map is not an object: " + abbreviate(json));
        }
        return new Checkpoint(root.path("consistent").asBoolean(false), commit.asLong(0), tsMap,
                root.path("schema-version").asLong(0));
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
