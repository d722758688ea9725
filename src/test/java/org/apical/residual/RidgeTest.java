package org.apical.residual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RidgeTest {
    /** y = Xβ + ε with var(Xβ) = var(ε): the population R² is 0.5. */
    @Test
    void recoversAKnownR2OutOfSample() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 1200, p = 12;
        double[][] x = new double[n][p];
        double[] y = new double[n];
        double[] beta = new double[p];
        for (int j = 0; j < p; j++) beta[j] = rng.nextDouble(-1, 1);
        double norm = 0;
        for (double b : beta) norm += b * b;
        for (int r = 0; r < n; r++) {
            double s = 0;
            // predictors of very different scales and offsets: standardisation must make this irrelevant
            for (int j = 0; j < p; j++) { double z = Synthetic.gaussian(rng); x[r][j] = 100 * j + (j + 1) * 50 * z; s += beta[j] * z; }
            y[r] = s / Math.sqrt(norm) + Synthetic.gaussian(rng);
        }
        Ridge.Fit fit = Ridge.crossValidate(x, y, 5);
        assertEquals(0.5, fit.r2(), 0.05, "cross-validated R²");
        assertEquals(5, fit.alphas().length);
        assertEquals(p, fit.predictors());
    }

    @Test
    void aModelWithoutSignalHasR2NearZeroOrBelow() {
        SplittableRandom rng = new SplittableRandom(4);
        int n = 600, p = 20;
        double[][] x = new double[n][p];
        double[] y = new double[n];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < p; j++) x[r][j] = Synthetic.gaussian(rng);
            y[r] = Synthetic.gaussian(rng);
        }
        double r2 = Ridge.crossValidate(x, y, 5).r2();
        assertTrue(r2 < 0.02 && r2 > -0.1, "no signal: R² " + r2);
    }

    @Test
    void isDeterministicAndRejectsBadInput() {
        double[][] x = new double[30][2];
        double[] y = new double[30];
        for (int r = 0; r < 30; r++) { x[r][0] = r; x[r][1] = r % 3; y[r] = r % 7; }
        assertEquals(Ridge.crossValidate(x, y, 5).r2(), Ridge.crossValidate(x, y, 5).r2());
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> Ridge.crossValidate(new double[10][2], new double[10], 5));
        assertTrue(few.getMessage().contains("too few rows"), few.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ridge.crossValidate(new double[30][2], new double[29], 5));
        double[][] nan = new double[30][1];
        nan[4][0] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> Ridge.crossValidate(nan, new double[30], 5));
    }
}
