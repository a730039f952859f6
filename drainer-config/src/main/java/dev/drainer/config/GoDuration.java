package dev.drainer.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;

/** Go {@code time.ParseDuration} / {@code Duration.String} for config values such as "1m30s" or "500ms". */
public final class GoDuration {
    private static final Map<String, Long> UNIT_NANOS = Map.of(
            "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MIN_NANOS_ABS = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE);

    private GoDuration() {
    }

    /** Parses like Go: optional sign, then number+unit pairs (units ns, us, µs, ms, s, m, h); "0" alone is 0. */
    public static Duration parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text, "empty");
        }
        BigInteger total = BigInteger.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
            String intPart = s.substring(start, i);
            String fracPart = "";
            if (i < s.length() && s.charAt(i) == '.') {
                int fracStart = ++i;
                while (i < s.length() && isDigit(s.charAt(i))) {
                    i++;
                }
                fracPart = s.substring(fracStart, i);
            }
            if (intPart.isEmpty() && fracPart.isEmpty()) {
                throw invalid(text, "expected a number");
            }
            int unitStart = i;
            while (i < s.length() && !isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw invalid(text, "missing unit");
            }
            Long nanos = UNIT_NANOS.get(unit);
            if (nanos == null) {
                throw invalid(text, "unknown unit \"" + unit + "\"");
            }
            BigDecimal number = new BigDecimal((intPart.isEmpty() ? "0" : intPart)
                    + (fracPart.isEmpty() ? "" : "." + fracPart));
            // Go truncates sub-nanosecond fractions.
            total = total.add(number.multiply(BigDecimal.valueOf(nanos)).setScale(0, RoundingMode.DOWN)
                    .toBigIntegerExact());
            if (total.compareTo(negative ? MIN_NANOS_ABS : MAX_NANOS) > 0) {
                throw invalid(text, "out of range");
            }
        }
        long n = negative ? total.negate().longValueExact() : total.longValueExact();
        return Duration.ofNanos(n);
    }

    /** Formats like Go's {@code Duration.String()}: "1m0s", "1h30m0s", "1.5s", "500ms", "0s". */
    public static String format(Duration d) {
        BigInteger nanos = BigInteger.valueOf(d.getSeconds()).multiply(BigInteger.valueOf(1_000_000_000L))
                .add(BigInteger.valueOf(d.getNano()));
        if (nanos.signum() == 0) {
            return "0s";
        }
        String sign = nanos.signum() < 0 ? "-" : "";
        BigInteger u = nanos.abs();
        if (u.compareTo(BigInteger.valueOf(1_000_000_000L)) < 0) {
            long v = u.longValue();
            if (v < 1_000L) {
                return sign + v + "ns";
            }
            if (v < 1_000_000L) {
                return sign + decimal(BigInteger.valueOf(v), 3) + "\u00b5s";
            }
            return sign + decimal(BigInteger.valueOf(v), 6) + "ms";
        }
        BigInteger minuteNanos = BigInteger.valueOf(60_000_000_000L);
        BigInteger[] minutesAndRest = u.divideAndRemainder(minuteNanos);
        StringBuilder sb = new StringBuilder(sign);
        BigInteger minutes = minutesAndRest[0];
        if (minutes.signum() > 0) {
            BigInteger[] hoursAndMinutes = minutes.divideAndRemainder(BigInteger.valueOf(60));
            if (hoursAndMinutes[0].signum() > 0) {
                sb.append(hoursAndMinutes[0]).append('h');
            }
            sb.append(hoursAndMinutes[1]).append('m');
        }
        return sb.append(decimal(minutesAndRest[1], 9)).append('s').toString();
    }

    private static String decimal(BigInteger value, int scale) {
        return new BigDecimal(value, scale).stripTrailingZeros().toPlainString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("invalid duration \"" + text + "\" (" + why
                + "); use Go syntax such as \"30s\", \"1m30s\" or \"500ms\"");
    }
}
