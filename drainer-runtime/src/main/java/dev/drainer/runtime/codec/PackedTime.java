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
        return String.format("%04d-%02d-%02d", year, month, day);
    }

    /** {@code yyyy-MM-dd HH:mm:ss} plus exactly {@code fsp} fractional digits when fsp &gt; 0, as TiDB prints it. */
    public String dateTimeText(int fsp) {
        return dateText() + String.format(" %02d:%02d:%02d", hour, minute, second) + fraction(micro, fsp);
    }

    static String fraction(int micros, int fsp) {
        if (fsp <= 0) {
            return "";
        }
        return "." + String.format("%06d", micros).substring(0, Math.min(6, fsp));
    }
}
