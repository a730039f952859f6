package dev.drainer.bench;

import com.google.protobuf.ByteString;
import dev.drainer.testkit.workload.BenchTables;
import dev.drainer.testkit.workload.TableDef;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Row images as a pure function of (table, key, version, email slot): a workload of a million
 * changes then needs no model holding a million rows, only each live row's key, version and slot.
 * Values are in the testkit model's classes, so the binlog encoder and the comparator take them.
 */
final class RowFactory {
    /** The slot of a NULL email. */
    static final long NO_EMAIL = -1;

    private static final String[] STATUS = {"new", "paid", "shipped", "delivered", "cancelled", "returned"};
    private static final String[] KINDS = {"click", "view", "purchase", "signup", "logout", "refund"};
    /** Multi-byte and 4-byte characters included, so the utf8mb4 path is loaded too; never '|' (checksum separator). */
    private static final int[] ALPHABET = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.-_'\""
            + "\u00e9\u00fc\u4e2d\u6587\u20ac\ud83d\ude00").codePoints().toArray();
    private static final LocalDateTime EPOCH = LocalDateTime.of(2024, 1, 1, 0, 0);
    private static final long YEAR_SECONDS = 365L * 86_400;

    private final long seed;
    private final List<TableDef> defs;

    RowFactory(long seed, List<TableDef> defs) {
        this.seed = seed;
        this.defs = defs;
    }

    TableDef def(int table) {
        return defs.get(table);
    }

    List<TableDef> defs() {
        return defs;
    }

    /** The image of row {@code key} of {@code table} at {@code version}; {@code emailSlot} only matters for accounts. */
    List<Object> row(int table, long key, int version, long emailSlot) {
        SplittableRandom r = new SplittableRandom(mix(mix(mix(seed + table) + key) + version));
        Object[] v = switch (table) {
            case BenchTables.ORDERS -> new Object[] {
                    big(key), big(1 + r.nextInt(1_000_000)), STATUS[r.nextInt(STATUS.length)],
                    new BigDecimal(big(r.nextLong(1_000_000_000_000L)), 2),
                    r.nextInt(10) == 0 ? null : big(1 + r.nextInt(100)), time(r),
                    r.nextInt(5) == 0 ? null : text(r, r.nextInt(81))};
            case BenchTables.ACCOUNTS -> new Object[] {
                    big(key), email(emailSlot), text(r, 5 + r.nextInt(36)),
                    new BigDecimal(big(r.nextLong(2_000_000_000_000_000L) - 1_000_000_000_000_000L), 4),
                    // Multiples of 1/8 below 1e6: exact in binary and printed without an exponent by the server.
                    r.nextInt(8) == 0 ? null : (r.nextInt(16_000_001) - 8_000_000) / 8.0, time(r)};
            case BenchTables.LINE_ITEMS -> new Object[] {
                    big(key >> 3), big(key & 7), "SKU-" + Long.toString(r.nextLong(2_000_000_000_000L), 36),
                    new BigDecimal(big(r.nextLong(10_000_000L)), 2), big(1 + r.nextInt(1000)),
                    r.nextInt(4) == 0 ? null : bytes(r, r.nextInt(33))};
            case BenchTables.EVENTS -> new Object[] {
                    "ev" + Long.toUnsignedString(mix(key), 36), KINDS[r.nextInt(KINDS.length)], time(r),
                    big(r.nextLong(Long.MAX_VALUE)), r.nextInt(6) == 0 ? null : text(r, 20 + r.nextInt(200))};
            default -> throw new IllegalArgumentException("no bench table " + table);
        };
        return Arrays.asList(v);
    }

    static String email(long slot) {
        return slot == NO_EMAIL ? null : "user" + slot + "@example.com";
    }

    /** SplitMix64's finalizer: a bijection, so distinct keys give distinct event codes. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static BigInteger big(long v) {
        return BigInteger.valueOf(v);
    }

    private static LocalDateTime time(SplittableRandom r) {
        return EPOCH.plusSeconds(r.nextLong(YEAR_SECONDS)).plusNanos(r.nextInt(1_000_000) * 1000L);
    }

    private static String text(SplittableRandom r, int codePoints) {
        StringBuilder sb = new StringBuilder(codePoints + 4);
        for (int i = 0; i < codePoints; i++) {
            sb.appendCodePoint(ALPHABET[r.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    private static ByteString bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return ByteString.copyFrom(b);
    }
}
