package org.apical.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Lost samples counted from a stream's timestamps or its sample index (the LSL path: LslFrameSourceTest). */
class GapCounterTest {
    static final double RATE = 30;

    /** Sample number → missing before it, for samples 0..n−1 without the skipped ones. */
    static Map<Integer, Long> count(GapCounter g, int n, Set<Integer> skipped, java.util.function.IntToDoubleFunction stamp,
                                    java.util.function.IntToDoubleFunction index) {
        Map<Integer, Long> gaps = new TreeMap<>();
        double[] v = new double[2];
        for (int i = 0; i < n; i++) {
            if (skipped.contains(i)) continue;
            v[1] = index.applyAsDouble(i);
            long m = g.missingBefore(stamp.applyAsDouble(i), v);
            if (m != 0) gaps.put(i, m);
        }
        return gaps;
    }

    @Test
    void aSourceSlowerOrFasterThanItsNominalRateIsFollowed() {
        Random rnd = new Random(5);
        double[] jitter = new double[20_000];
        for (int i = 0; i < jitter.length; i++) jitter[i] = (rnd.nextDouble() * 2 - 1) * 0.25 / RATE;
        for (double trueRate : new double[] {RATE * 0.97, RATE * 1.03}) {
            Set<Integer> skipped = Set.of(40, 41, 500, 9000, 9001, 9002, 19_999);
            Map<Integer, Long> gaps = count(new GapCounter(RATE, -1, 0), 20_000, skipped,
                    i -> 5 + i / trueRate + jitter[i], i -> 0);
            assertEquals(Map.of(42, 2L, 501, 1L, 9003, 3L), gaps, "true rate " + trueRate + " Hz, nominal " + RATE);
        }
    }

    @Test
    void repeatedOrBackwardTimestampsCountNothingAndRestartTheGrid() {
        double[] stamps = {1, 1 + 1 / RATE, 1 + 1 / RATE, 0.5, 0.5 + 1 / RATE, 0.5 + 3 / RATE};
        GapCounter g = new GapCounter(RATE, -1, 0);
        long[] got = new long[stamps.length];
        for (int i = 0; i < stamps.length; i++) got[i] = g.missingBefore(stamps[i], new double[1]);
        assertEquals(java.util.Arrays.toString(new long[] {0, 0, 0, 0, 0, 1}), java.util.Arrays.toString(got));
    }

    @Test
    void theIndexCountsExactlyAndTimeTakesOverWhereItCannot() {
        // the index says 3 lost before 20 while the timestamps run on unbroken
        assertEquals(Map.of(20, 3L), count(new GapCounter(RATE, 1, 1e15), 40, Set.of(), i -> i / RATE,
                i -> i < 20 ? i : i + 3));
        // the acquisition restarts its counter at sample 20 after losing 2 samples: the timestamps count them
        assertEquals(Map.of(20, 2L), count(new GapCounter(RATE, 1, 1e15), 40, Set.of(), i -> i < 20 ? i / RATE : (i + 2) / RATE,
                i -> i < 20 ? 1000 + i : i - 20));
        // beyond what the channel holds exactly (float32 above 2^24) the timestamps count
        double big = GapCounter.exactIntegersBelow(true);
        assertEquals(Map.of(30, 1L), count(new GapCounter(RATE, 1, big), 40, Set.of(29), i -> i / RATE, i -> big - 20 + i));
        // an irregular stream is counted by its index only
        assertEquals(Map.of(7, 4L), count(new GapCounter(0, 1, 1e15), 20, Set.of(), i -> i * 0.37 * (i % 3),
                i -> i < 7 ? i : i + 4));
        assertEquals(Map.of(), count(new GapCounter(0, -1, 0), 20, Set.of(5), i -> i * 0.37, i -> 0));
    }

    @Test
    void anotherOutletsClockRestartsTheGridAndTheGapIsTheSharedTimeBetween() {
        GapCounter g = new GapCounter(RATE, -1, 0);
        double[] v = new double[1];
        for (int i = 0; i < 20; i++) assertEquals(0, g.missingBefore(100 + i / RATE, v));
        // the new outlet's clock is 5,000 s ahead; in the corrected clock 11 periods passed: 10 samples lost
        assertEquals(10, g.afterClockChange(5119, 11 / RATE, v));
        assertEquals(0, g.missingBefore(5119 + 1 / RATE, v), "the grid follows the new clock");
        assertEquals(2, g.missingBefore(5119 + 4 / RATE, v));
    }
}
