package org.apical.xdf;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClockSyncTest {
    @Test
    void noneOneAndManyOffsets() {
        assertArrayEquals(new double[] {0, 0}, ClockSync.fit(new double[0], new double[0], true));
        assertArrayEquals(new double[] {0.25, 0}, ClockSync.fit(new double[] {7}, new double[] {0.25}, true));
        double[] t = new double[20], v = new double[20];
        for (int i = 0; i < t.length; i++) {
            t[i] = 1000 + 5 * i;
            v[i] = 0.5 + 2e-5 * t[i];
        }
        double[] ab = ClockSync.fit(t, v, false);
        assertEquals(0.5, ab[0], 1e-9);
        assertEquals(2e-5, ab[1], 1e-12);
        double[] ts = {1000, 1100};
        ClockSync.apply(ts, ab);
        assertEquals(1000 + 0.5 + 0.02, ts[0], 1e-9);
        assertEquals(1100 + 0.5 + 0.022, ts[1], 1e-9);
    }

    @Test
    void robustFitIgnoresAFewBadMeasurementsThatPullLeastSquaresAway() {
        Random rnd = new Random(1);
        int n = 40;
        double[] t = new double[n], v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 5 * i;
            v[i] = 0.010 + 1e-6 * t[i] + rnd.nextGaussian() * 2e-6;
        }
        v[7] += 0.050;   // time-correction probes delayed by a busy network
        v[30] += 0.080;
        double[] robust = ClockSync.fit(t, v, true);
        double[] ols = ClockSync.fit(t, v, false);
        double errRobust = Math.abs(robust[0] + robust[1] * 100 - (0.010 + 1e-4));
        double errOls = Math.abs(ols[0] + ols[1] * 100 - (0.010 + 1e-4));
        assertTrue(errRobust < 5e-5, "robust error " + errRobust);
        assertTrue(errOls > 1e-3, "least squares is pulled by the outliers: " + errOls);
    }

    @Test
    void offsetsAllAtOneInstantGiveTheirMean() {
        double[] ab = ClockSync.fit(new double[] {3, 3, 3}, new double[] {0.1, 0.2, 0.3}, false);
        assertEquals(0.2, ab[0], 1e-12);
        assertEquals(0, ab[1]);
    }

    @Test
    void dejitterFitsALinePerSegmentAndReportsTheEffectiveRate() {
        Random rnd = new Random(3);
        double[] ts = new double[2000];
        for (int i = 0; i < ts.length; i++) {
            double ideal = i < 1000 ? 10 + i / 100.0 : 30 + (i - 1000) / 100.0;   // a 10 s gap: two segments
            ts[i] = ideal + rnd.nextGaussian() * 1e-3;
        }
        double rate = Dejitter.apply(ts, 100);
        assertEquals(100, rate, 0.05);
        assertEquals(10, ts[0], 2e-4);
        assertEquals(30, ts[1000], 2e-4);
        assertEquals(0.01, ts[500] - ts[499], 1e-6, "regular spacing inside a segment");
    }
}
