package dev.drainer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoDurationTest {
    @Test
    void parsesGoSyntax() {
        assertEquals(Duration.ofMinutes(1), GoDuration.parse("1m"));
        assertEquals(Duration.ofSeconds(30), GoDuration.parse("30s"));
        assertEquals(Duration.ofSeconds(90), GoDuration.parse("1m30s"));
        assertEquals(Duration.ofMillis(500), GoDuration.parse("500ms"));
        assertEquals(Duration.ofMillis(1500), GoDuration.parse("1.5s"));
        assertEquals(Duration.ofMillis(500), GoDuration.parse(".5s"));
        assertEquals(Duration.ofHours(2).plusMinutes(45), GoDuration.parse("2h45m"));
        assertEquals(Duration.ofNanos(1500), GoDuration.parse("1.5us"));
        assertEquals(Duration.ofNanos(1500), GoDuration.parse("1.5\u00b5s"));
        assertEquals(Duration.ofNanos(7), GoDuration.parse("7ns"));
        assertEquals(Duration.ZERO, GoDuration.parse("0"));
        assertEquals(Duration.ofSeconds(-5), GoDuration.parse("-5s"));
        assertEquals(Duration.ofSeconds(5), GoDuration.parse("+5s"));
    }

    @Test
    void rejectsWhatGoRejects() {
        for (String bad : List.of("", "1", "s", "1x", "1.s.", "-", "1m-1s", "10", "1 m", "9223372036854775808ns")) {
            assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(bad), bad);
        }
    }

    @Test
    void formatsLikeGo() {
        assertEquals("0s", GoDuration.format(Duration.ZERO));
        assertEquals("1m0s", GoDuration.format(Duration.ofMinutes(1)));
        assertEquals("1m30s", GoDuration.format(Duration.ofSeconds(90)));
        assertEquals("1h0m0s", GoDuration.format(Duration.ofHours(1)));
        assertEquals("30s", GoDuration.format(Duration.ofSeconds(30)));
        assertEquals("1.5s", GoDuration.format(Duration.ofMillis(1500)));
        assertEquals("500ms", GoDuration.format(Duration.ofMillis(500)));
        assertEquals("1.5\u00b5s", GoDuration.format(Duration.ofNanos(1500)));
        assertEquals("7ns", GoDuration.format(Duration.ofNanos(7)));
        assertEquals("-2m3.5s", GoDuration.format(Duration.ofMillis(-123_500)));
    }

    @Test
    void formatParsesBack() {
        for (Duration d : List.of(Duration.ofNanos(1), Duration.ofMillis(1234), Duration.ofHours(30).plusNanos(9),
                Duration.ofSeconds(-61))) {
            assertEquals(d, GoDuration.parse(GoDuration.format(d)));
        }
    }
}
