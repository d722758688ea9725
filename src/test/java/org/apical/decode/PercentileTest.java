package org.apical.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PercentileTest {

    @Test
    void hazenInterpolationMatchesMatlabPrctile() {
        // MATLAB: prctile([1 2 3 4], 10) = 1 (below the first point at 12.5 %), prctile(.., 50) = 2.5,
        // prctile([10 20 30 40 50], 10) = 10, prctile(.., 30) = 20 (second point sits at exactly 30 %),
        // prctile(.., 40) = 25 (halfway between 30 % and 50 %)
        assertEquals(1.0, Percentile.of(new double[] {4, 3, 2, 1}, 10), 1e-12);
        assertEquals(2.5, Percentile.of(new double[] {4, 3, 2, 1}, 50), 1e-12);
        assertEquals(10.0, Percentile.of(new double[] {10, 20, 30, 40, 50}, 10), 1e-12);
        assertEquals(20.0, Percentile.of(new double[] {10, 20, 30, 40, 50}, 30), 1e-12);
        assertEquals(25.0, Percentile.of(new double[] {10, 20, 30, 40, 50}, 40), 1e-12);
        assertEquals(50.0, Percentile.of(new double[] {10, 20, 30, 40, 50}, 100), 1e-12);
        assertEquals(7.0, Percentile.of(new double[] {7}, 10), 1e-12);
    }

    @Test
    void runningPercentileEqualsBruteForceOverASlidingWindow() {
        SplittableRandom r = new SplittableRandom(42);
        int window = 37;
        RunningPercentile running = new RunningPercentile(window, 10);
        double[] all = new double[2000];
        for (int i = 0; i < all.length; i++) {
            // repeated values exercise ties in the sorted window
            all[i] = r.nextInt(4) == 0 ? 5.0 : Math.round(r.nextGaussian() * 100) / 10.0;
            double got = running.add(all[i]);
            double[] w = Arrays.copyOfRange(all, Math.max(0, i - window + 1), i + 1);
            assertEquals(Percentile.of(w, 10), got, 1e-12, "frame " + i);
        }
    }

    @Test
    void runningPercentileKeepsTrackOfSignedZerosAndInfinities() {
        // −0.0 == 0.0 for the window's ordering, but not for a search by Double.compare: mixing them must not lose
        // a value (which stopped the session) nor change the result
        double[] pool = {-0.0, 0.0, -0.0, 0.0, 1.0, -1.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        SplittableRandom r = new SplittableRandom(7);
        int window = 9;
        RunningPercentile running = new RunningPercentile(window, 50);
        double[] all = new double[5000];
        for (int i = 0; i < all.length; i++) {
            all[i] = pool[r.nextInt(pool.length)];
            double got = running.add(all[i]);
            double[] w = Arrays.copyOfRange(all, Math.max(0, i - window + 1), i + 1);
            assertEquals(Percentile.of(w, 50), got, 0.0, "frame " + i + ", window " + Arrays.toString(w));
        }
    }

    @Test
    void anInfiniteNeighbourDoesNotTurnThePercentileIntoNaN() {
        // the percentile's rank falls exactly on 5 (weight 0 for the infinite neighbour), or between two equal
        // infinities, or between −∞ and a finite value (any positive weight on −∞ gives −∞)
        assertEquals(5.0, Percentile.of(new double[] {1, 5, Double.POSITIVE_INFINITY}, 50), 0.0);
        assertEquals(Double.POSITIVE_INFINITY,
                Percentile.of(new double[] {5, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}, 90), 0.0);
        assertEquals(Double.NEGATIVE_INFINITY, Percentile.of(new double[] {Double.NEGATIVE_INFINITY, 1}, 50), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, Percentile.of(new double[] {1, Double.POSITIVE_INFINITY}, 50), 0.0);
        assertTrue(Double.isNaN(Percentile.of(new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}, 50)),
                "halfway between −∞ and +∞ is undefined");
    }

    @Test
    void nanSamplesDoNotEnterTheWindow() {
        RunningPercentile p = new RunningPercentile(3, 50);
        p.add(1);
        p.add(Double.NaN);
        p.add(3);
        assertEquals(2.0, p.value(), 1e-12);
        assertEquals(2, p.count());
    }
}
