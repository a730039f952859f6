package dev.drainer.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LagStatsTest {
    @Test
    void nearestRankOverUnsortedSamplesLeavingTheArrayAlone() {
        long[] samples = LongStream.rangeClosed(1, 200).map(i -> (i * 37) % 200 + 1).toArray();
        long[] copy = samples.clone();
        assertEquals(new LagStats(200, 100, 198, 200), LagStats.of(samples));
        assertArrayEquals(copy, samples);
    }

    @Test
    void fewSamplesTakeTheSampleAtOrAboveTheRank() {
        assertEquals(new LagStats(1, 7, 7, 7), LagStats.of(new long[] {7}));
        assertEquals(new LagStats(2, 0, 40, 40), LagStats.of(new long[] {40, 0}));
        assertEquals(new LagStats(3, 20, 30, 30), LagStats.of(new long[] {30, 10, 20}));
    }

    @Test
    void noSamplesLeaveTheFiguresUnknown() {
        assertEquals(new LagStats(0, -1, -1, -1), LagStats.of(new long[0]));
    }
}
