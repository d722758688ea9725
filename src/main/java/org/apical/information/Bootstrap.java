package org.apical.information;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Bootstrap confidence intervals. A resample is expressed as per-trial counts (how often each trial was drawn):
 * the data are centred once, and each replicate costs one weighted scatter of the centred rows, corrected for
 * the shift of the resample's mean ({@code Σ w (x̃ − δ)(x̃ − δ)ᵀ = Σ w x̃x̃ᵀ − T δδᵀ}, with δ small because x̃ is
 * already centred, so there is no cancellation). Replicates run in parallel, each from its own seed drawn from
 * {@code seed}, so the result does not depend on scheduling: same seed, same intervals.
 */
public final class Bootstrap {
    private Bootstrap() {}

    public static BootstrapIntervals intervals(TrialMatrix a, TrialMatrix b, double deltaS, int replicates,
                                               double level, long seed) {
        if (replicates < 2) throw new InformationException("bootstrap needs at least 2 replicates (got " + replicates + ")");
        if (!(level > 0 && level < 1)) throw new InformationException("confidence level must be in (0, 1), got " + level);
        PopulationMoments base = PopulationMoments.of(a, b);
        InformationEstimate point = FisherInformation.of(base, deltaS); // same checks as the point estimate, up front
        int n = a.neurons(), tA = a.trials(), tB = b.trials(), rows = tA + tB;
        double[] centred = new double[rows * n];
        for (int k = 0; k < tA; k++) for (int i = 0; i < n; i++) centred[k * n + i] = a.values()[k * n + i] - base.meanA()[i];
        for (int k = 0; k < tB; k++) {
            for (int i = 0; i < n; i++) centred[(tA + k) * n + i] = b.values()[k * n + i] - base.meanB()[i];
        }
        long[] seeds = new SplittableRandom(seed).longs(replicates).toArray();
        InformationEstimate[] results = new InformationEstimate[replicates];
        IntStream.range(0, replicates).parallel().forEach(r -> {
            SplittableRandom rng = new SplittableRandom(seeds[r]);
            double[] w = new double[rows];
            for (int k = 0; k < tA; k++) w[rng.nextInt(tA)] += 1;
            for (int k = 0; k < tB; k++) w[tA + rng.nextInt(tB)] += 1;
            double[] dA = shift(centred, w, 0, tA, n), dB = shift(centred, w, tA, tB, n);
            double[] cov = Scatter.of(centred, rows, n, w);
            double scale = 1.0 / (tA + tB - 2);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    cov[i * n + j] = (cov[i * n + j] - tA * dA[i] * dA[j] - tB * dB[i] * dB[j]) * scale;
                }
            }
            double[] mA = base.meanA().clone(), mB = base.meanB().clone();
            for (int i = 0; i < n; i++) { mA[i] += dA[i]; mB[i] += dB[i]; }
            try {
                results[r] = FisherInformation.of(
                        new PopulationMoments(a.label(), b.label(), tA, tB, n, mA, mB, cov), deltaS);
            } catch (InformationException singular) {
                results[r] = null; // a resample that repeats too few distinct trials; the interval uses the rest
            }
        });
        double[] real = new double[replicates], shuffle = new double[replicates], red = new double[replicates];
        int ok = 0;
        for (InformationEstimate e : results) {
            if (e == null) continue;
            real[ok] = e.realCorrected();
            shuffle[ok] = e.shuffleCorrected();
            red[ok] = e.redundancyCorrected();
            ok++;
        }
        if (ok < Math.max(2, replicates / 2)) {
            throw new InformationException("bootstrap failed: only " + ok + " of " + replicates
                    + " resamples gave a positive-definite covariance (too few trials for the neurons)");
        }
        return new BootstrapIntervals(Interval.centred(point.realCorrected(), real, ok, level),
                Interval.centred(point.shuffleCorrected(), shuffle, ok, level),
                Interval.centred(point.redundancyCorrected(), red, ok, level), ok, seed);
    }

    /** Weighted mean of rows {@code [from, from + count)} of the centred data. */
    private static double[] shift(double[] x, double[] w, int from, int count, int n) {
        double[] d = new double[n];
        double total = 0;
        for (int k = from; k < from + count; k++) {
            double wk = w[k];
            if (wk == 0) continue;
            total += wk;
            for (int i = 0; i < n; i++) d[i] += wk * x[k * n + i];
        }
        for (int i = 0; i < n; i++) d[i] /= total;
        return d;
    }
}
