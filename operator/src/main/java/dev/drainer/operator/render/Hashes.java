package dev.drainer.operator.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** SHA-256 digests for the annotations that roll the pod or skip a no-op write. */
public final class Hashes {
    private Hashes() {
    }

    /** Hex SHA-256 of the text. */
    public static String of(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Digest of a Secret's data, independent of key order; the values never leave this method. */
    public static String ofSecretData(Map<String, String> data) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(data == null ? Map.<String, String>of() : data)
                .forEach((k, v) -> sb.append(k).append('\0').append(v).append('\0'));
        return of(sb.toString());
    }
}
