package dev.drainer.pd.tikv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * TiDB's meta keys (packages {@code structure} and {@code meta}, spec §3.1): every key starts with
 * {@code m}; a hash field is {@code m ‖ EncodeBytes(hashKey) ‖ EncodeUint('h') ‖ EncodeBytes(field)}
 * and a string is {@code m ‖ EncodeBytes(key) ‖ EncodeUint('s')}.
 */
public final class MetaKeys {
    /** The hash of finished DDL jobs: field = 8-byte big-endian job id, value = {@code model.Job} JSON. */
    public static final String DDL_JOB_HISTORY = "DDLJobHistory";
    /** A string key TiDB 6.2 and later write once they created their DDL system tables ({@code mysql.tidb_ddl_*}). */
    public static final String DDL_TABLE_VERSION = "DDLTableVersion";

    private static final byte[] PREFIX = {'m'};
    private static final long HASH_DATA = 'h';
    private static final long STRING_DATA = 's';

    private MetaKeys() {
    }

    /** The key of one field of a hash. */
    public static byte[] hashField(String hashKey, byte[] field) {
        return Memcomparable.concat(hashPrefix(hashKey), Memcomparable.encodeBytes(field));
    }

    /** What every field key of a hash starts with (TiDB's {@code hashDataKeyPrefix}). */
    public static byte[] hashPrefix(String hashKey) {
        return Memcomparable.concat(PREFIX, Memcomparable.encodeBytes(bytes(hashKey)),
                Memcomparable.encodeUint(HASH_DATA));
    }

    /** The field of a hash field key that starts with {@link #hashPrefix}. */
    public static byte[] hashFieldOf(String hashKey, byte[] key) {
        byte[] prefix = hashPrefix(hashKey);
        if (key.length < prefix.length || !Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)) {
            throw new IllegalArgumentException("key " + java.util.HexFormat.of().formatHex(key)
                    + " is not a field of meta hash " + hashKey);
        }
        return Memcomparable.decodeBytes(key, prefix.length).value();
    }

    /** The key of a string value. */
    public static byte[] string(String key) {
        return Memcomparable.concat(PREFIX, Memcomparable.encodeBytes(bytes(key)), Memcomparable.encodeUint(STRING_DATA));
    }

    /** TiDB's {@code jobIDKey}: the id as 8 bytes big-endian. */
    public static byte[] jobIdField(long jobId) {
        return Memcomparable.encodeUint(jobId);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
