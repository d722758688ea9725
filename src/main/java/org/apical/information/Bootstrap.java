package org.apical.information;

import java.util.SplittableRandom;

/**
 * Bootstrap confidence intervals. A resample is expressed as per-trial counts (how often each trial was drawn),
 * so each replicate costs one weighted scatter and no copy of the data. Reproducible: same seed, same intervals.
 */
public final class Bootstrap {
    private Bootstrap() {}

    public static BootstrapIntervals intervals(TrialMatrix a, TrialMatrix b, double deltaS, int replicates,
                                               double level, long seed) {
        if (replicates < 2) throw new InformationException("bootstrap needs at least 2 replicates (got " + replicates + ")");
        if (!(level > 0 && level < 1)) throw new InformationException("confidence level must be in (0, 1), got " + level);
        InformationEstimate point = FisherInformation.of(PopulationMoments.of(a, b), deltaS); // same checks up front
        SplittableRandom rng = new SplittableRandom(seed);
        double[] real = new double[replicates], shuffle = new double[replicates], red = new double[replicates];
        double[] wA = new double[a.trials()], wB = new double[b.trials()];
        int ok = 0;
        for (int r = 0; r < replicates; r++) {
            resample(rng, wA);
            resample(rng, wB);
            InformationEstimate e;
            try {
                e = FisherInformation.of(PopulationMoments.weighted(a, b, wA, wB), deltaS);
            } catch (InformationException singular) {
                continue; // a resample that repeats too few distinct trials; the interval uses the rest
            }
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

    private static void resample(SplittableRandom rng, double[] counts) {
        java.util.Arrays.fill(counts, 0);
        int t = counts.length;
        for (int k = 0; k < t; k++) counts[rng.nextInt(t)] += 1;
    }
}
