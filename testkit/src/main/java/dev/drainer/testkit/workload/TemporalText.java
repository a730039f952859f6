package dev.drainer.testkit.workload;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/** The MySQL/TiDB string forms of DATE, DATETIME/TIMESTAMP and TIME values, both ways. */
public final class TemporalText {
    private TemporalText() {
    }

    /** {@code 2024-01-02}. */
    public static String date(LocalDate d) {
        return String.format("%04d-%02d-%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
    }

    /** {@code 2024-01-02 03:04:05} followed by exactly {@code fsp} fractional digits when fsp > 0. */
    public static String dateTime(LocalDateTime t, int fsp) {
        return date(t.toLocalDate()) + " " + String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond())
                + fraction(t.getNano() / 1000, fsp);
    }

    /** {@code [-]HH:MM:SS} (hours may exceed 24) followed by exactly {@code fsp} fractional digits when fsp > 0. */
    public static String time(Duration d, int fsp) {
        boolean negative = d.isNegative();
        Duration abs = d.abs();
        long micros = abs.toNanos() / 1000;
        long seconds = micros / 1_000_000;
        return (negative ? "-" : "") + String.format("%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                + fraction((int) (micros % 1_000_000), fsp);
    }

    private static String fraction(int micros, int fsp) {
        if (fsp <= 0) {
            return "";
        }
        // Digits beyond fsp are always zero in model values (they are truncated to fsp on creation).
        return "." + String.format("%06d", micros).substring(0, fsp);
    }

    /** Parses {@code yyyy-MM-dd}. */
    public static LocalDate parseDate(String s) {
        return LocalDate.of(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(5, 7)),
                Integer.parseInt(s.substring(8, 10)));
    }

    /** Parses {@code yyyy-MM-dd HH:mm:ss[.f…]} (any number of fractional digits up to 9). */
    public static LocalDateTime parseDateTime(String s) {
        String[] parts = s.trim().split("[ T]", 2);
        LocalTime time = parts.length == 1 ? LocalTime.MIDNIGHT : LocalTime.ofNanoOfDay(parseTime(parts[1]).toNanos());
        return LocalDateTime.of(parseDate(parts[0]), time);
    }

    /** Parses {@code [-]H+:MM:SS[.f…]}. */
    public static Duration parseTime(String s) {
        String t = s.trim();
        boolean negative = t.startsWith("-");
        if (negative) {
            t = t.substring(1);
        }
        String[] hms = t.split(":");
        String[] secFrac = hms[2].split("\\.", 2);
        long nanos = 0;
        if (secFrac.length == 2) {
            nanos = Long.parseLong((secFrac[1] + "000000000").substring(0, 9));
        }
        Duration d = Duration.ofHours(Long.parseLong(hms[0])).plusMinutes(Long.parseLong(hms[1]))
                .plusSeconds(Long.parseLong(secFrac[0])).plusNanos(nanos);
        return negative ? d.negated() : d;
    }
}
