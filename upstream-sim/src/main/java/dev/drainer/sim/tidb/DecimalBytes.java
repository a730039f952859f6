package dev.drainer.sim.tidb;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** MySQL {@code decimal2bin} for a DECIMAL(precision, frac) value, as TiDB writes it in datums. */
final class DecimalBytes {
    private static final int[] BYTES_FOR_DIGITS = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};

    private DecimalBytes() {
    }

    static byte[] encode(BigDecimal value, int precision, int frac) {
        BigDecimal v = value.setScale(frac, RoundingMode.UNNECESSARY);
        boolean negative = v.signum() < 0;
        String plain = v.abs().toPlainString();
        int dot = plain.indexOf('.');
        String intDigits = dot < 0 ? plain : plain.substring(0, dot);
        String fracDigits = dot < 0 ? "" : plain.substring(dot + 1);
        int intg = precision - frac;
        if (intDigits.equals("0")) {
            intDigits = "";
        }
        if (intDigits.length() > intg) {
            throw new IllegalArgumentException(value + " does not fit DECIMAL(" + precision + "," + frac + ")");
        }
        intDigits = "0".repeat(intg - intDigits.length()) + intDigits;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int lead = intg % 9;
        if (lead > 0) {
            group(out, intDigits.substring(0, lead), BYTES_FOR_DIGITS[lead]);
        }
        for (int i = lead; i < intg; i += 9) {
            group(out, intDigits.substring(i, i + 9), 4);
        }
        int full = frac / 9 * 9;
        for (int i = 0; i < full; i += 9) {
            group(out, fracDigits.substring(i, i + 9), 4);
        }
        if (frac % 9 > 0) {
            group(out, fracDigits.substring(full), BYTES_FOR_DIGITS[frac % 9]);
        }
        byte[] b = out.toByteArray();
        if (negative) {
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) ~b[i];
            }
        }
        b[0] ^= (byte) 0x80;
        return b;
    }

    private static void group(java.io.ByteArrayOutputStream out, String digits, int bytes) {
        long v = Long.parseLong(digits);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)));
        }
    }
}
