package dev.drainer.bench;

import com.google.protobuf.ByteString;
import dev.drainer.testkit.workload.ColumnDef;
import dev.drainer.testkit.workload.SqlLiterals;
import dev.drainer.testkit.workload.TableDef;
import dev.drainer.testkit.workload.TemporalText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A 64-bit hash of every column of a row that the server computes as well, so a table of a million
 * rows is verified with one aggregate query instead of being read into memory. A table's checksum is
 * the XOR of its rows' hashes: order-independent, and a model removes a row by XOR-ing it again.
 *
 * <p>Both sides hash {@code CONCAT_WS('|', ISNULL(c1), c1, ISNULL(c2), c2, …)} (CONCAT_WS skips NULLs;
 * the flags keep NULL and empty apart), binary columns in upper-case hex.
 */
final class RowChecksum {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private RowChecksum() {
    }

    /** The hash of a row image in the model's value classes. */
    static long of(TableDef def, List<Object> row) {
        List<String> parts = new ArrayList<>(row.size() * 2);
        for (int i = 0; i < row.size(); i++) {
            Object v = row.get(i);
            parts.add(v == null ? "1" : "0");
            if (v != null) {
                parts.add(text(def.columns().get(i), v));
            }
        }
        return first8(md5().digest(String.join("|", parts).getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code SELECT COUNT(*), <xor of row hashes>} over the table, computed by the server. */
    static String query(TableDef def) {
        List<String> parts = new ArrayList<>();
        for (ColumnDef c : def.columns()) {
            String id = SqlLiterals.ident(c.name());
            parts.add("ISNULL(" + id + ")");
            parts.add(serverText(c, id));
        }
        return "SELECT COUNT(*), BIT_XOR(CAST(CONV(LEFT(MD5(CONCAT_WS('|', " + String.join(", ", parts)
                + ")), 16), 16, 10) AS UNSIGNED)) FROM " + SqlLiterals.qualified(def.schema(), def.name());
    }

    private static String serverText(ColumnDef c, String id) {
        return switch (c.type()) {
            case BINARY, VARBINARY, BLOB -> "HEX(" + id + ")";
            case BIGINT, INT, SMALLINT, DECIMAL, DOUBLE, DATETIME, VARCHAR, TEXT -> id;
            default -> throw new IllegalArgumentException(c.name() + ": no bench checksum form for " + c.type());
        };
    }

    /** The value as the server converts it to a string in CONCAT_WS. */
    private static String text(ColumnDef c, Object v) {
        return switch (c.type()) {
            case BIGINT, INT, SMALLINT -> ((BigInteger) v).toString();
            case DECIMAL -> ((BigDecimal) v).setScale(c.scale()).toPlainString();
            // Bench values are multiples of 1/8 below 1e6, which the server prints in plain notation.
            case DOUBLE -> BigDecimal.valueOf((Double) v).stripTrailingZeros().toPlainString();
            case DATETIME -> TemporalText.dateTime((LocalDateTime) v, c.fsp());
            case VARCHAR, TEXT -> (String) v;
            case BINARY, VARBINARY, BLOB -> HEX.formatHex(((ByteString) v).toByteArray());
            default -> throw new IllegalArgumentException(c.name() + ": no bench checksum form for " + c.type());
        };
    }

    private static long first8(byte[] digest) {
        return ByteBuffer.wrap(digest).getLong();
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no MD5", e);
        }
    }
}
