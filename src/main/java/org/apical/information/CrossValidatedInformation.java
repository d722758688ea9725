package org.apical.information;

import java.util.SplittableRandom;

/**
 * K-fold cross-validated linear Fisher information. For each fold: pooled moments from the other folds,
 * decoder {@code w = S_λ⁻¹ f′} (Cholesky solve), scaled so that {@code wᵀ S w = 1} on the training trials; the
 * held-out trials are projected on w. The held-out mean differences are averaged over folds and divided by the
 * pooled within-fold, within-condition variance of the projections: {@code I_cv = d′² / δs²}, then corrected
 * like a one-neuron estimate ({@code · (ν − 2)/ν − Var-factor / δs²}, ν the held-out degrees of freedom).
 * Fold assignment is a seeded shuffle within each condition.
 */
public final class CrossValidatedInformation {
    private CrossValidatedInformation() {}

    /** Shrinkage used when none is given: grows as the population approaches the number of training trials. */
    public static double autoShrinkage(int neurons, int trainingTrials) {
        return (double) neurons / (neurons + trainingTrials);
    }

    /** @param shrinkage λ in [0, 1), or NaN for {@link #autoShrinkage} */
    public static CrossValidatedEstimate estimate(TrialMatrix a, TrialMatrix b, double deltaS, int folds,
                                                  double shrinkage, long seed) {
        FisherInformation.checkDeltaS(deltaS);
        if (folds < 2) throw new InformationException("cross-validation needs at least 2 folds (got " + folds + ")");
        if (a.neurons() != b.neurons()) {
            throw new InformationException("condition '" + a.label() + "' has " + a.neurons()
                    + " neurons but condition '" + b.label() + "' has " + b.neurons());
        }
        if (a.trials() < 2 * folds || b.trials() < 2 * folds) {
            throw new InformationException("too few trials for " + folds + "-fold cross-validation: condition '"
                    + a.label() + "' has " + a.trials() + ", '" + b.label() + "' has " + b.trials()
                    + " (each needs at least " + 2 * folds + ")");
        }
        int n = a.neurons();
        SplittableRandom rng = new SplittableRandom(seed);
        int[] foldA = assign(a.trials(), folds, rng), foldB = assign(b.trials(), folds, rng);
        double lambda = Double.isNaN(shrinkage)
                ? autoShrinkage(n, (a.trials() + b.trials()) * (folds - 1) / folds) : shrinkage;
        if (!(lambda >= 0 && lambda < 1)) throw new InformationException("shrinkage must be in [0, 1), got " + lambda);

        double sumD = 0, sumSq = 0, varFactor = 0;
        int dof = 0;
        double[] wA = new double[a.trials()], wB = new double[b.trials()];
        for (int f = 0; f < folds; f++) {
            for (int k = 0; k < wA.length; k++) wA[k] = foldA[k] == f ? 0 : 1;
            for (int k = 0; k < wB.length; k++) wB[k] = foldB[k] == f ? 0 : 1;
            PopulationMoments m = PopulationMoments.weighted(a, b, wA, wB);
            double[] s = shrunk(m.covariance(), n, lambda);
            double[] w = CholeskyFactor.of(s, n, "training covariance of fold " + (f + 1) + " of " + folds)
                    .solve(m.tuningDerivative(deltaS));
            double norm = Math.sqrt(quadratic(m.covariance(), n, w));
            if (!(norm > 0)) throw new InformationException("fold " + (f + 1) + ": the decoder is zero (no mean difference)");
            for (int i = 0; i < n; i++) w[i] /= norm;
            double[] pa = project(a, w, foldA, f), pb = project(b, w, foldB, f);
            double ma = mean(pa), mb = mean(pb);
            sumD += mb - ma;
            sumSq += squares(pa, ma) + squares(pb, mb);
            dof += pa.length - 1 + pb.length - 1;
            varFactor += 1.0 / pa.length + 1.0 / pb.length;
        }
        double d = sumD / folds;
        double var = sumSq / dof;
        varFactor /= (double) folds * folds;
        double naive = d * d / var / (deltaS * deltaS);
        double corrected = naive * (dof - 2) / dof - varFactor / (deltaS * deltaS);
        return new CrossValidatedEstimate(corrected, naive, folds, lambda);
    }

    private static int[] assign(int trials, int folds, SplittableRandom rng) {
        int[] order = new int[trials];
        for (int i = 0; i < trials; i++) order[i] = i;
        for (int i = trials - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i]; order[i] = order[j]; order[j] = t;
        }
        int[] fold = new int[trials];
        for (int p = 0; p < trials; p++) fold[order[p]] = p % folds;
        return fold;
    }

    private static double[] shrunk(double[] cov, int n, double lambda) {
        double[] s = new double[n * n];
        for (int i = 0; i < n * n; i++) s[i] = (1 - lambda) * cov[i];
        for (int i = 0; i < n; i++) s[i * n + i] = cov[i * n + i];
        return s;
    }

    private static double quadratic(double[] cov, int n, double[] w) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double r = 0;
            for (int j = 0; j < n; j++) r += cov[i * n + j] * w[j];
            s += w[i] * r;
        }
        return s;
    }

    private static double[] project(TrialMatrix m, double[] w, int[] fold, int f) {
        int count = 0;
        for (int k : fold) if (k == f) count++;
        double[] p = new double[count];
        int n = m.neurons(), q = 0;
        double[] v = m.values();
        for (int t = 0; t < m.trials(); t++) {
            if (fold[t] != f) continue;
            double s = 0;
            for (int i = 0; i < n; i++) s += w[i] * v[t * n + i];
            p[q++] = s;
        }
        return p;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    private static double squares(double[] v, double m) {
        double s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return s;
    }
}
