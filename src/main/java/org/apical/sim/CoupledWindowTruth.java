package org.apical.sim;

import org.apical.information.CholeskyFactor;

/**
 * Exact information of a {@link CoupledSession}'s responses averaged over a window of its time bins. Bins are
 * independent given the within-trial coupling, so the window mean has tuning {@code f̄′ = mean_b f′_b} and
 * covariance {@code C̄ = Σ_b C_b / k²} over its k bins. Per-bin moments are computed once and reused by
 * overlapping (sliding) windows.
 */
public final class CoupledWindowTruth {
    private final CoupledPopulation population;
    private final double[] binStarts;
    private final double binSeconds;
    private final double buildUpSeconds;
    private final double[][] tuning;
    private final double[][] covariance;

    public CoupledWindowTruth(CoupledPopulation population, double[] binStarts, double binSeconds,
                              double buildUpSeconds) {
        this.population = population;
        this.binStarts = binStarts.clone();
        this.binSeconds = binSeconds;
        this.buildUpSeconds = buildUpSeconds;
        this.tuning = new double[binStarts.length][];
        this.covariance = new double[binStarts.length][];
    }

    public CoupledTruth window(double from, double to) {
        int n = population.neurons();
        double[] f = new double[n];
        double[] c = new double[n * n];
        int k = 0;
        for (int b = 0; b < binStarts.length; b++) {
            if (binStarts[b] < from - 1e-9 || binStarts[b] >= to - 1e-9) continue;
            if (tuning[b] == null) {
                CoupledPopulation p = population.withLateralScaled(
                        CoupledSession.buildUp(binStarts[b] + binSeconds / 2, buildUpSeconds));
                tuning[b] = p.tuningDerivative();
                covariance[b] = p.covariance();
            }
            for (int i = 0; i < n; i++) f[i] += tuning[b][i];
            for (int i = 0; i < n * n; i++) c[i] += covariance[b][i];
            k++;
        }
        if (k == 0) throw new IllegalArgumentException("no bins in [" + from + ", " + to + ")");
        for (int i = 0; i < n; i++) f[i] /= k;
        for (int i = 0; i < n * n; i++) c[i] /= (double) k * k;
        double real = CholeskyFactor.of(c, n, "model covariance").quadraticForm(f);
        double shuffle = 0;
        for (int i = 0; i < n; i++) shuffle += f[i] * f[i] / c[i * n + i];
        return new CoupledTruth(real, shuffle);
    }
}
