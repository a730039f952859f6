package dev.drainer.runtime.metrics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats a double as Go's {@code strconv.FormatFloat(f, 'g', -1, 64)}, which the Go Prometheus client
 * uses for sample values and {@code le} labels: the shortest decimal that reads back as the same
 * double, in exponent form ({@code 5e-05}, {@code 1.7e+12}) when the decimal exponent is below -4 or
 * at least 6, plain otherwise ({@code 0.0001}, {@code 2097.152}, {@code 123456}).
 */
final class GoFloat {
    private GoFloat() {
    }

    static String format(double f) {
        if (Double.isNaN(f)) {
            return "NaN";
        }
        if (Double.isInfinite(f)) {
            return f > 0 ? "+Inf" : "-Inf";
        }
        if (f == 0) {
            return 1 / f < 0 ? "-0" : "0";
        }
        BigDecimal shortest = shortest(f);
        String digits = shortest.unscaledValue().abs().toString();
        // Position of the decimal point relative to the digit string, as Go's decimal.dp.
        int dp = digits.length() - shortest.scale();
        int exp = dp - 1;
        StringBuilder out = new StringBuilder(24);
        if (f < 0) {
            out.append('-');
        }
        if (exp < -4 || exp >= 6) {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exp < 0 ? '-' : '+');
            int e = Math.abs(exp);
            if (e < 10) {
                out.append('0');
            }
            return out.append(e).toString();
        }
        if (dp <= 0) {
            out.append("0.").append("0".repeat(-dp)).append(digits);
        } else if (dp >= digits.length()) {
            out.append(digits).append("0".repeat(dp - digits.length()));
        } else {
            out.append(digits, 0, dp).append('.').append(digits, dp, digits.length());
        }
        return out.toString();
    }

    /** The fewest significant digits that read back as {@code f}; the nearest such decimal on ties. */
    private static BigDecimal shortest(double f) {
        BigDecimal exact = new BigDecimal(f);
        for (int p = 1; p < 17; p++) {
            BigDecimal candidate = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == f) {
                return candidate.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }
}
