package org.apical.residual;

import java.util.SplittableRandom;

/**
 * Permutation test of a difference between two groups of values (e.g. P+ against P− neurons), by reassigning
 * the group labels: exact over every split when there are at most {@link RankTests#EXACT_LIMIT} of them, else
 * {@link RankTests#DRAWS} random splits from {@code seed}. Two-sided on the absolute difference of group means.
 */
final class GroupDifference {
    private GroupDifference() {}

    /** @param values the first {@code first} values form group A, the rest group B */
    static double permutationP(double[] values, int first, long seed) {
        int n = values.length, second = n - first;
        if (first < 1 || second < 1) return Double.NaN;
        double total = 0;
        for (double v : values) total += v;
        double sumA = 0;
        for (int i = 0; i < first; i++) sumA += values[i];
        double limit = Math.abs(difference(sumA, total, first, second)) * (1 - 1e-12) - 1e-15;
        double splits = binomial(n, first);
        if (splits <= RankTests.EXACT_LIMIT) {
            long[] counts = new long[2]; // {extreme, all}
            enumerate(values, 0, first, 0, total, first, second, limit, counts);
            return (double) counts[0] / counts[1];
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] idx = new int[n];
        long extreme = 0;
        for (int d = 0; d < RankTests.DRAWS; d++) {
            for (int i = 0; i < n; i++) idx[i] = i;
            double s = 0;
            for (int i = 0; i < first; i++) { // partial Fisher–Yates: the first `first` are a random subset
                int j = i + rng.nextInt(n - i);
                int t = idx[i]; idx[i] = idx[j]; idx[j] = t;
                s += values[idx[i]];
            }
            if (Math.abs(difference(s, total, first, second)) >= limit) extreme++;
        }
        return (1.0 + extreme) / (1.0 + RankTests.DRAWS);
    }

    private static void enumerate(double[] v, int from, int left, double sum, double total, int first, int second,
                                  double limit, long[] counts) {
        if (left == 0) {
            counts[1]++;
            if (Math.abs(difference(sum, total, first, second)) >= limit) counts[0]++;
            return;
        }
        for (int i = from; i <= v.length - left; i++) {
            enumerate(v, i + 1, left - 1, sum + v[i], total, first, second, limit, counts);
        }
    }

    private static double difference(double sumA, double total, int first, int second) {
        return sumA / first - (total - sumA) / second;
    }

    static double binomial(int n, int k) {
        double r = 1;
        for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return r;
    }
}
