package dev.drainer.runtime.codec;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A DATE/DATETIME/TIMESTAMP as TiDB packs it ({@code types.Time.ToPackedUint}):
 * {@code ((((year*13+month)<<5 | day) << 17 | hour<<12 | minute<<6 | second) << 24) | microsecond}.
 * Fields are kept apart rather than as a {@code LocalDateTime} because MySQL allows zero dates.
 */
public record PackedTime(int year, int month, int day, int hour, int minute, int second, int micro) {

    public static PackedTime unpack(long packed) {
        long ymdhms = packed >>> 24;
        int micro = (int) (packed & 0xFFFFFF);
        long ymd = ymdhms >>> 17;
        long hms = ymdhms & ((1 << 17) - 1);
        long ym = ymd >>> 5;
        return new PackedTime((int) (ym / 13), (int) (ym % 13), (int) (ymd & 31), (int) (hms >>> 12),
                (int) ((hms >>> 6) & 63), (int) (hms & 63), micro);
    }

    /** This UTC wall time seen in {@code zone}; zero and partial-zero dates are left as they are. */
    public PackedTime fromUtc(ZoneId zone) {
        if (month == 0 || day == 0 || ZoneOffset.UTC.equals(zone.normalized())) {
            return this;
        }
        LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute, second, micro * 1000)
                .atOffset(ZoneOffset.UTC).atZoneSameInstant(zone).toLocalDateTime();
        return new PackedTime(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(),
                t.getSecond(), t.getNano() / 1000);
    }

    /** {@code yyyy-MM-dd}. */
    public String dateText() {
        StringBuilder sb = new StringBuilder(10);
        appendDate(sb);
        return sb.toString();
    }

    /** {@code yyyy-MM-dd HH:mm:ss} plus exactly {@code fsp} fractional digits when fsp &gt; 0, as TiDB prints it. */
    public String dateTimeText(int fsp) {
        StringBuilder sb = new StringBuilder(26);
        appendDate(sb);
        sb.append(' ');
        appendClock(sb, hour, minute, second);
        appendFraction(sb, micro, fsp);
        return sb.toString();
    }

    // Written by hand rather than with String.format: every DATE and DATETIME cell of every row passes here,
    // and the formatter took half of the pipeline-source thread's CPU in the bench's upstream phases.
    private void appendDate(StringBuilder sb) {
        appendPadded(sb, year, 4);
        sb.append('-');
        appendPadded(sb, month, 2);
        sb.append('-');
        appendPadded(sb, day, 2);
    }

    /** {@code HH:mm:ss}, each at least two digits. */
    static void appendClock(StringBuilder sb, long hours, long minutes, long seconds) {
        appendPadded(sb, hours, 2);
        sb.append(':');
        appendPadded(sb, minutes, 2);
        sb.append(':');
        appendPadded(sb, seconds, 2);
    }

    /** {@code .} and the first {@code fsp} of the six microsecond digits; nothing when fsp &lt;= 0. */
    static void appendFraction(StringBuilder sb, int micros, int fsp) {
        if (fsp <= 0) {
            return;
        }
        sb.append('.');
        int digits = Math.min(6, fsp);
        int divisor = 100_000;
        for (int i = 0; i < digits; i++) {
            sb.append((char) ('0' + micros / divisor % 10));
            divisor /= 10;
        }
    }

    /** A non-negative {@code v} with leading zeros up to {@code width} digits (as {@code %0<width>d}). */
    static void appendPadded(StringBuilder sb, long v, int width) {
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) {
            digits++;
        }
        for (int i = digits; i < width; i++) {
            sb.append('0');
        }
        sb.append(v);
    }
}
