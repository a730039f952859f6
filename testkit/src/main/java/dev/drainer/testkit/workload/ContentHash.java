package dev.drainer.testkit.workload;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Order-independent 64-bit content hashes: a database's hash is the sum (mod 2^64) of one hash per
 * table (its name and column names) and one per row (table, column names and canonical values), so
 * a model can maintain it incrementally and any reader can recompute it from scratch.
 */
public final class ContentHash {
    private ContentHash() {
    }

    /** The hash contribution of a table's existence and column set (column order irrelevant). */
    public static long table(String table, List<ColumnDef> columns) {
        MessageDigest md = sha256();
        field(md, "table");
        field(md, table);
        for (int i : byName(columns)) {
            field(md, columns.get(i).name());
        }
        return first8(md);
    }

    /** The hash contribution of one row (column order irrelevant, values compared as {@link Values#same}). */
    public static long row(String table, List<ColumnDef> columns, List<Object> row) {
        MessageDigest md = sha256();
        field(md, "row");
        field(md, table);
        for (int i : byName(columns)) {
            field(md, columns.get(i).name());
            Object v = row.get(i);
            md.update((byte) (v == null ? 0 : 1));
            field(md, Values.canonical(columns.get(i), v));
        }
        return first8(md);
    }

    private static int[] byName(List<ColumnDef> columns) {
        return IntStream.range(0, columns.size()).boxed()
                .sorted(Comparator.comparing(i -> columns.get(i).name())).mapToInt(Integer::intValue).toArray();
    }

    private static void field(MessageDigest md, String s) {
        // Length-prefixed, so adjacent fields can never run into each other.
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update(ByteBuffer.allocate(4).putInt(b.length).array());
        md.update(b);
    }

    private static long first8(MessageDigest md) {
        return ByteBuffer.wrap(md.digest()).getLong();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
