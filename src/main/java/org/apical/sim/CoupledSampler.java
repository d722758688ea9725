package org.apical.sim;

import java.util.SplittableRandom;
import org.apical.information.CholeskyFactor;
import org.apical.information.TrialMatrix;

/**
 * Draws trials from a {@link CoupledPopulation}: {@code r = b + s·f′ + σ z + B ξ} with {@code B = A L_u}
 * ({@code L_u L_uᵀ = C_u}) and z, ξ independent standard normals. B is kept as sparse rows, so a population
 * with distance-limited coupling draws in O(N · neighbours) per trial.
 */
public final class CoupledSampler {
    private static final double BASELINE = 1.0;

    private final int n;
    private final double[] tuning;
    private final double sigma;
    private final int[][] cols;
    private final double[][] weights;

    public CoupledSampler(CoupledPopulation pop) {
        n = pop.neurons();
        tuning = pop.tuningDerivative();
        sigma = pop.privateSd();
        double[] a = pop.coupling();
        double[] cu = pop.sharedCov();
        double[] b;
        if (isDiagonal(cu, n)) {
            b = a.clone();
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < n; k++) b[i * n + k] *= Math.sqrt(cu[k * n + k]);
            }
        } else {
            double[] l = CholeskyFactor.of(cu, n, "shared input covariance C_u").lower();
            b = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < n; k++) {
                    double aik = a[i * n + k];
                    if (aik == 0) continue;
                    for (int j = 0; j <= k; j++) b[i * n + j] += aik * l[k * n + j];
                }
            }
        }
        cols = new int[n][];
        weights = new double[n][];
        for (int i = 0; i < n; i++) {
            int nz = 0;
            for (int k = 0; k < n; k++) if (b[i * n + k] != 0) nz++;
            cols[i] = new int[nz];
            weights[i] = new double[nz];
            int q = 0;
            for (int k = 0; k < n; k++) {
                if (b[i * n + k] != 0) { cols[i][q] = k; weights[i][q] = b[i * n + k]; q++; }
            }
        }
    }

    private static boolean isDiagonal(double[] m, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) if (i != j && m[i * n + j] != 0) return false;
        }
        return true;
    }

    /** One trial at stimulus value s into {@code out[offset .. offset + N)}; {@code xi} is scratch of length N. */
    public void draw(double s, SplittableRandom rng, double[] xi, double[] out, int offset) {
        for (int k = 0; k < n; k++) xi[k] = rng.nextGaussian();
        for (int i = 0; i < n; i++) {
            double shared = 0;
            int[] c = cols[i];
            double[] w = weights[i];
            for (int q = 0; q < c.length; q++) shared += w[q] * xi[c[q]];
            out[offset + i] = BASELINE + s * tuning[i] + sigma * rng.nextGaussian() + shared;
        }
    }

    /** {@code trials} independent trials at stimulus value s. */
    public TrialMatrix sample(String label, double s, int trials, SplittableRandom rng) {
        double[] v = new double[trials * n];
        double[] xi = new double[n];
        for (int t = 0; t < trials; t++) draw(s, rng, xi, v, t * n);
        return new TrialMatrix(label, trials, n, v);
    }

    public int neurons() { return n; }
}
