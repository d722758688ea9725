package org.apical.information;

/**
 * The sufficient statistics of a two-condition comparison: per-condition means, the pooled covariance
 * {@code S = ((T_a − 1) S_a + (T_b − 1) S_b) / (T_a + T_b − 2)} (which is {@code (S_a + S_b) / 2} for equal
 * trial counts), and the trial counts. Every estimate (population, shuffled, pairwise, per distance) starts here.
 *
 * @param covariance the pooled covariance, row-major {@code neurons × neurons}
 */
public record PopulationMoments(String labelA, String labelB, int trialsA, int trialsB, int neurons,
                                double[] meanA, double[] meanB, double[] covariance) {

    /** Degrees of freedom of the pooled covariance. */
    public int dof() { return trialsA + trialsB - 2; }

    public static PopulationMoments of(TrialMatrix a, TrialMatrix b) { return weighted(a, b, null, null); }

    /**
     * Moments with per-trial weights (bootstrap counts or 0/1 training-set membership); a null weight array
     * means every trial once. The trial counts are the sums of the weights.
     */
    static PopulationMoments weighted(TrialMatrix a, TrialMatrix b, double[] wA, double[] wB) {
        if (a.neurons() != b.neurons()) {
            throw new InformationException("condition '" + a.label() + "' has " + a.neurons()
                    + " neurons but condition '" + b.label() + "' has " + b.neurons());
        }
        int n = a.neurons();
        int tA = count(a, wA), tB = count(b, wB);
        if (tA < 2 || tB < 2) {
            throw new InformationException("too few trials: condition '" + a.label() + "' has " + tA
                    + ", condition '" + b.label() + "' has " + tB + " (each needs at least 2)");
        }
        double[] meanA = mean(a, wA, tA), meanB = mean(b, wB, tB);
        int rows = a.trials() + b.trials();
        double[] centred = new double[rows * n];
        centre(a, meanA, centred, 0);
        centre(b, meanB, centred, a.trials() * n);
        double[] w = null;
        if (wA != null || wB != null) {
            w = new double[rows];
            for (int k = 0; k < a.trials(); k++) w[k] = wA == null ? 1 : wA[k];
            for (int k = 0; k < b.trials(); k++) w[a.trials() + k] = wB == null ? 1 : wB[k];
        }
        double[] cov = Scatter.of(centred, rows, n, w);
        double scale = 1.0 / (tA + tB - 2);
        for (int i = 0; i < cov.length; i++) cov[i] *= scale;
        return new PopulationMoments(a.label(), b.label(), tA, tB, n, meanA, meanB, cov);
    }

    private static int count(TrialMatrix m, double[] w) {
        if (w == null) return m.trials();
        if (w.length != m.trials()) throw new IllegalArgumentException("weights do not match trials");
        double s = 0;
        for (double v : w) s += v;
        return (int) Math.round(s);
    }

    private static double[] mean(TrialMatrix m, double[] w, int total) {
        int n = m.neurons();
        double[] mu = new double[n];
        double[] v = m.values();
        for (int t = 0; t < m.trials(); t++) {
            double wt = w == null ? 1 : w[t];
            if (wt == 0) continue;
            int o = t * n;
            for (int i = 0; i < n; i++) mu[i] += wt * v[o + i];
        }
        for (int i = 0; i < n; i++) mu[i] /= total;
        return mu;
    }

    private static void centre(TrialMatrix m, double[] mu, double[] out, int offset) {
        int n = m.neurons();
        double[] v = m.values();
        for (int t = 0; t < m.trials(); t++) {
            int o = t * n;
            for (int i = 0; i < n; i++) out[offset + o + i] = v[o + i] - mu[i];
        }
    }

    /** The estimated tuning derivative {@code f′ = (μ_b − μ_a) / δs}. */
    public double[] tuningDerivative(double deltaS) {
        double[] f = new double[neurons];
        for (int i = 0; i < neurons; i++) f[i] = (meanB[i] - meanA[i]) / deltaS;
        return f;
    }

    public double variance(int neuron) { return covariance[neuron * neurons + neuron]; }

    public double covariance(int i, int j) { return covariance[i * neurons + j]; }
}
