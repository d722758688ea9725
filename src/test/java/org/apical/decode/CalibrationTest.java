package org.apical.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    @Test
    void thresholdIsTheLowestGridLevelThatAtMostTheChanceFractionOfTrialsReach() {
        // One trial covering the whole baseline: its 3-frame peak is the only evidence, so T is the first grid
        // level above that peak (fraction 0 ≤ 0.5) and R is the minimum.
        double[] x = {0, 0, 0, 0.3, 0.3, 0.3, 0, 0};
        Calibration.Result r = Calibration.run(x, x.length, 3, 1, 100, 0.1, 0.5, 1);
        assertEquals(0.0, r.floor(), 1e-12);
        assertTrue(r.threshold() > 0.3 - 1e-9 && r.threshold() < 0.4 + 1e-9, "T = " + r.threshold());
    }

    @Test
    void theFractionOfSimulatedTrialsReachingTIsAtMostChanceAndOneStepLowerIsAbove() {
        SplittableRandom rnd = new SplittableRandom(7);
        double[] x = new double[6000];
        double z = 0;
        for (int i = 0; i < x.length; i++) {
            z = 0.95 * z + 0.3 * rnd.nextGaussian();
            x[i] = z;
        }
        double step = 0.005;
        Calibration.Result r = Calibration.run(x, x.length, 3, 200, 300, step, 0.3, 11);
        assertTrue(r.chanceAtThreshold() <= 0.3, "fraction at T " + r.chanceAtThreshold());
        Calibration.Result again = Calibration.run(x, x.length, 3, 200, 300, step, 0.3, 11);
        assertEquals(r.threshold(), again.threshold(), 0.0, "seeded: the same baseline calibrates identically");
        // brute force the fraction one grid step below T with the same random trial starts
        SplittableRandom starts = new SplittableRandom(11);
        int reached = 0;
        for (int t = 0; t < 200; t++) {
            int s = starts.nextInt(x.length - 300 + 1);
            double best = Double.NEGATIVE_INFINITY;
            for (int j = s + 2; j < s + 300; j++) best = Math.max(best, (x[j] + x[j - 1] + x[j - 2]) / 3);
            if (best >= r.threshold() - step) reached++;
        }
        assertTrue(reached / 200.0 > 0.3, "one step below T more than 30 % reach it: " + reached / 200.0);
    }

    @Test
    void laterDaysKeepTheStricterOfYesterdaysAndTodaysZ() {
        SplittableRandom rnd = new SplittableRandom(3);
        double[] x = new double[4000];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextGaussian() * 0.5 + 1.0 + (rnd.nextInt(20) == 0 ? 3 : 0);
        double[] fit = Calibration.mirroredLowerHalf(x, x.length);
        double[] sorted = x.clone();
        java.util.Arrays.sort(sorted);
        double median = (sorted[1999] + sorted[2000]) / 2;
        assertEquals(median, fit[0], 1e-12, "the mirrored lower half is centred on the median");
        double ss = 0;
        int m = 0;
        for (double v : x) if (v <= median) { ss += (v - median) * (v - median); m++; }
        assertEquals(Math.sqrt(2 * ss / (2 * m - 1)), fit[1], 1e-12);
        assertTrue(Math.abs(fit[1] - 0.5) < 0.05, "the bursts above the median do not inflate σ: " + fit[1]);

        Calibration.Result today = Calibration.run(x, x.length, 3, 200, 300, 0.005, 0.5, 1, 0, Double.NaN);
        assertEquals((today.threshold() - fit[0]) / fit[1], today.z(), 1e-9);
        Calibration.Result stricter = Calibration.run(x, x.length, 3, 200, 300, 0.005, 0.5, 1, 0, today.z() + 1);
        assertTrue(stricter.carriedOver());
        assertEquals(fit[0] + (today.z() + 1) * fit[1], stricter.threshold(), 1e-9);
        Calibration.Result laxer = Calibration.run(x, x.length, 3, 200, 300, 0.005, 0.5, 1, 0, today.z() - 1);
        assertEquals(today.threshold(), laxer.threshold(), 0.0, "a laxer yesterday does not lower today's threshold");
        assertTrue(!laxer.carriedOver());
    }

    @Test
    void tooShortABaselineIsAClearError() {
        var e = assertThrows(IllegalStateException.class,
                () -> Calibration.run(new double[] {1, 2}, 2, 3, 10, 10, 0.1, 0.5, 1));
        assertTrue(e.getMessage().contains("at least 4 valid frames"), e.getMessage());
    }
}
