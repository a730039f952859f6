package dev.drainer.pd.registry;

/** Text exactly as Go's encoding/json {@code Marshal} writes it, for byte-identical registry records and HTTP bodies. */
public final class GoJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoJson() {
    }

    /**
     * Appends {@code s} as a JSON string the way Go does with HTML escaping on (Marshal's default):
     * {@code < > &}, U+2028 and U+2029 become six-character escapes with lower-case hex ("\\u003c"),
     * control characters use {@code \n \r \t} or "\\u00XX". Go 1.22 changed {@code \b} and
     * {@code \f} to short escapes; this writes the older long forms, which every decoder reads the same.
     * An unpaired surrogate cannot be UTF-8, so it becomes "\\ufffd" as Go writes invalid bytes.
     */
    public static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> unicodeEscape(out, c);
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(out, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        out.append("\\ufffd");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                .append(HEX[c & 0xf]);
    }
}
