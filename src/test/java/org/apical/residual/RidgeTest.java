package org.apical.residual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    /**
     * The blocks' Grams come from the information analysis's scatter kernel (register-blocked fused multiply-adds);
     * the fit must be the one the plain row loop gives, to 1e-9 relative, at the sizes the network prediction uses
     * (32 components; up to 64 raw channels), below the kernel's width, with a constant column and with offsets.
     */
    @Test
    void theKernelGivesTheFitOfTheStraightforwardLoop() {
        SplittableRandom rng = new SplittableRandom(11);
        assertTrue(org.apical.information.Scatter.lanes() > 1, "the vector kernel must be there to be held to the loop");
        for (int[] size : new int[][] {{1000, 32}, {1311, 64}, {230, 20}, {400, 5}, {97, 14}}) {
            int n = size[0], p = size[1];
            double[][] x = new double[n][p];
            double[] y = new double[n];
            for (int r = 0; r < n; r++) {
                double s = 0;
                for (int j = 0; j < p; j++) {
                    double z = Synthetic.gaussian(rng);
                    x[r][j] = j == 3 ? 7 : 50 * j + (1 + j % 5) * z;
                    if (j != 3) s += (j % 3 - 1) * z;
                }
                y[r] = 1e3 + s / Math.sqrt(p) + Synthetic.gaussian(rng);
            }
            Ridge.Fit kernel = Ridge.crossValidate(x, y, 5, Ridge.DEFAULT_ALPHAS, false);
            Ridge.Fit plain = Ridge.crossValidate(x, y, 5, Ridge.DEFAULT_ALPHAS, true);
            String what = n + " × " + p;
            assertEquals(plain.r2(), kernel.r2(), 1e-9 * Math.abs(plain.r2()), what);
            assertArrayEquals(plain.alphas(), kernel.alphas(), what);
            for (int r = 0; r < n; r++) {
                assertEquals(plain.predictions()[r], kernel.predictions()[r], 1e-9 * Math.abs(plain.predictions()[r]),
                        what + " row " + r);
            }
            assertTrue(plain.r2() > 0.05, what + ": R² " + plain.r2() + " (a fit with signal, so the comparison means something)");
        }
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
