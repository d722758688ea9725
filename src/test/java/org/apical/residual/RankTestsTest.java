package org.apical.residual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RankTestsTest {
    @Test
    void exactTailsOfSmallSamples() {
        assertEquals(2.0 / 32, RankTests.signedRank(new double[] {1, 2, 3, 4, 5}, 1), 1e-12);
        assertEquals(1.0, RankTests.signedRank(new double[] {1, -1}, 1), 1e-12);
        assertEquals(2.0 / 252, GroupDifference.permutationP(new double[] {6, 7, 8, 9, 10, 1, 2, 3, 4, 5}, 5, 1), 1e-12);
        assertEquals(2.0 / 252, RankTests.rankSum(new double[] {6, 7, 8, 9, 10}, new double[] {1, 2, 3, 4, 5}, 1), 1e-12);
        assertArrayEquals(new double[] {1.5, 1.5, 3}, RankTests.ranks(new double[] {2, 2, 5}), 1e-12);
        assertEquals(2.5, RankTests.median(new double[] {4, 1, Double.NaN, 2, 3}), 1e-12);
    }

    @Test
    void largeSamplesAreDrawnAndNeverGiveZero() {
        double[] d = new double[40];
        for (int i = 0; i < d.length; i++) d[i] = i + 1;
        double p = RankTests.signedRank(d, 1);
        assertTrue(p > 0 && p < 1e-3, "p " + p);
        double[] mixed = new double[40];
        for (int i = 0; i < mixed.length; i++) mixed[i] = (i % 2 == 0 ? 1 : -1) * (i + 1);
        assertTrue(RankTests.signedRank(mixed, 1) > 0.5);
    }
}
