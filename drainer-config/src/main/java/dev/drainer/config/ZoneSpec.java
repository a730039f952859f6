package dev.drainer.config;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/** Values of the extension key {@code legacy-time-zone}: "Local", "UTC", an IANA id, or "+hh:mm". */
final class ZoneSpec {
    static final String LOCAL = "Local";
    private static final Pattern OFFSET = Pattern.compile("[+-]\\d{2}:\\d{2}");

    private ZoneSpec() {
    }

    /** Null if valid, else what is wrong. */
    static String problem(String spec) {
        if (spec.equals(LOCAL) || spec.equals("UTC")) {
            return null;
        }
        if (OFFSET.matcher(spec).matches()) {
            try {
                ZoneOffset.of(spec);
                return null;
            } catch (DateTimeException e) {
                return "invalid offset \"" + spec + "\": " + e.getMessage();
            }
        }
        // Only region ids: ZoneId.of would also take forms like "GMT+8" that Go's LoadLocation rejects.
        if (spec.contains("/") && ZoneId.getAvailableZoneIds().contains(spec)) {
            return null;
        }
        return "invalid time zone \"" + spec + "\"; use \"Local\", \"UTC\", an IANA id such as \"Asia/Shanghai\","
                + " or an offset such as \"+08:00\"";
    }

    /** The zone of a valid spec; "Local" is this JVM's default zone (TZ / /etc/localtime), like Go's Local. */
    static ZoneId resolve(String spec) {
        if (spec.equals(LOCAL)) {
            return ZoneId.systemDefault();
        }
        if (spec.equals("UTC")) {
            return ZoneOffset.UTC;
        }
        if (OFFSET.matcher(spec).matches()) {
            return ZoneOffset.of(spec);
        }
        return ZoneId.of(spec);
    }
}
