package dev.drainer.sim.tidb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * JSON text to TiDB's binary JSON (type code, then value): object keys sorted bytewise, literals
 * inlined in value entries, numbers (8 bytes LE) and strings (uvarint length) after the entries,
 * counts and offsets as little-endian uint32 relative to the container.
 */
final class JsonBinary {
    private static final int OBJECT = 0x01;
    private static final int ARRAY = 0x03;
    private static final int LITERAL = 0x04;
    private static final int INT64 = 0x09;
    private static final int UINT64 = 0x0A;
    private static final int FLOAT64 = 0x0B;
    private static final int STRING = 0x0C;
    private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private JsonBinary() {
    }

    static byte[] encode(String text) {
        JsonNode n;
        try {
            n = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + text, e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type(n));
        out.writeBytes(value(n));
        return out.toByteArray();
    }

    private static int type(JsonNode n) {
        if (n.isObject()) {
            return OBJECT;
        }
        if (n.isArray()) {
            return ARRAY;
        }
        if (n.isNull() || n.isBoolean()) {
            return LITERAL;
        }
        if (n.isTextual()) {
            return STRING;
        }
        if (n.isIntegralNumber()) {
            BigInteger v = n.bigIntegerValue();
            if (v.bitLength() < 64) {
                return INT64;
            }
            return v.signum() > 0 && v.compareTo(MAX_UINT64) <= 0 ? UINT64 : FLOAT64;
        }
        return FLOAT64;
    }

    private static byte[] value(JsonNode n) {
        return switch (type(n)) {
            case LITERAL -> new byte[] {(byte) (n.isNull() ? 0x00 : n.booleanValue() ? 0x01 : 0x02)};
            case INT64, UINT64 -> le64(n.bigIntegerValue().longValue());
            case FLOAT64 -> le64(Double.doubleToRawLongBits(n.doubleValue()));
            case STRING -> string(n.textValue().getBytes(StandardCharsets.UTF_8));
            case ARRAY -> container(null, elements(n));
            default -> object(n);
        };
    }

    private static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> l = new ArrayList<>();
        array.forEach(l::add);
        return l;
    }

    private static byte[] object(JsonNode n) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(n.properties());
        Comparator<Map.Entry<String, JsonNode>> byBytes = (a, b) -> java.util.Arrays.compareUnsigned(
                a.getKey().getBytes(StandardCharsets.UTF_8), b.getKey().getBytes(StandardCharsets.UTF_8));
        fields.sort(byBytes);
        List<byte[]> keys = fields.stream().map(f -> f.getKey().getBytes(StandardCharsets.UTF_8)).toList();
        return container(keys, fields.stream().map(Map.Entry::getValue).toList());
    }

    /** An object (keys non-null) or array: header, key entries, value entries, keys, values. */
    private static byte[] container(List<byte[]> keys, List<JsonNode> values) {
        int count = values.size();
        int keyEntries = keys == null ? 0 : count * 6;
        int headerEnd = 8 + keyEntries + count * 5;
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        byte[] entries = new byte[keyEntries + count * 5];
        if (keys != null) {
            for (int i = 0; i < count; i++) {
                putLe32(entries, i * 6, headerEnd + tail.size());
                entries[i * 6 + 4] = (byte) keys.get(i).length;
                entries[i * 6 + 5] = (byte) (keys.get(i).length >>> 8);
                tail.writeBytes(keys.get(i));
            }
        }
        for (int i = 0; i < count; i++) {
            JsonNode v = values.get(i);
            int e = keyEntries + i * 5;
            int type = type(v);
            entries[e] = (byte) type;
            byte[] body = value(v);
            if (type == LITERAL) {
                entries[e + 1] = body[0];
            } else {
                putLe32(entries, e + 1, headerEnd + tail.size());
                tail.writeBytes(body);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[8];
        putLe32(header, 0, count);
        putLe32(header, 4, headerEnd + tail.size());
        out.writeBytes(header);
        out.writeBytes(entries);
        out.writeBytes(tail.toByteArray());
        return out.toByteArray();
    }

    private static byte[] string(byte[] utf8) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = utf8.length;
        while ((n & ~0x7FL) != 0) {
            out.write((int) ((n & 0x7F) | 0x80));
            n >>>= 7;
        }
        out.write((int) n);
        out.writeBytes(utf8);
        return out.toByteArray();
    }

    private static byte[] le64(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    private static void putLe32(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
