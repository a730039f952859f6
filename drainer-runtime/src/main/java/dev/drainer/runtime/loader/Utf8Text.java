package dev.drainer.runtime.loader;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A text value as its UTF-8 bytes: how TiDB stores a string, how the relay log's {@code string_value}
 * carries it and how the loader's statement text sends it. Keeping the bytes saves decoding them into a
 * {@code String} and encoding them again twice, for the relay record and for the statement; and the
 * bytes go downstream as they came, as the Go drainer passes its byte strings on, even where they are not
 * valid UTF-8. Equal exactly when the bytes are (for valid UTF-8: when the texts are).
 */
public final class Utf8Text {
    private final byte[] bytes;

    /** Takes {@code bytes} as they are (no copy): the caller hands over an array nobody changes afterwards. */
    public Utf8Text(byte[] bytes) {
        this.bytes = bytes;
    }

    /** {@code s} in UTF-8. */
    public static Utf8Text of(String s) {
        return new Utf8Text(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes themselves, not a copy: not to be changed. */
    byte[] bytes() {
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Utf8Text t && Arrays.equals(bytes, t.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The text decoded (invalid sequences as U+FFFD). */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
