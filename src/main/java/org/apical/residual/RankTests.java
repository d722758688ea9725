package org.apical.residual;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Distribution-free two-sided tests across neurons, by permutation of ranks rather than normal approximations:
 * there are often only a handful of neurons per group (4–5 per ensemble in the study), where the approximations
 * are poor, and exact enumeration is cheap. Ties get mid-ranks. p-values are {@code (1 + #extreme) / (1 + #draws)}
 * for random draws (never 0) and the exact fraction when every arrangement is enumerated.
 */
public final class RankTests {
    /** Above this many arrangements the tests draw {@link #DRAWS} at random. */
    static final int EXACT_LIMIT = 1 << 16;
    static final int DRAWS = 20_000;

    private RankTests() {}

    /**
     * Wilcoxon signed-rank test of paired differences against a median of 0, by flipping signs. Zero differences
     * are dropped. NaN differences are ignored. Fewer than 2 non-zero differences give p = 1.
     */
    public static double signedRank(double[] differences, long seed) {
        double[] d = Arrays.stream(differences).filter(v -> Double.isFinite(v) && v != 0).toArray();
        int n = d.length;
        if (n < 2) return 1;
        double[] abs = new double[n];
        for (int i = 0; i < n; i++) abs[i] = Math.abs(d[i]);
        double[] r = ranks(abs);
        double observed = 0;
        for (int i = 0; i < n; i++) observed += Math.signum(d[i]) * r[i];
        double limit = Math.abs(observed) - 1e-9;
        long extreme = 0, total;
        if (n <= 16) {
            total = 1L << n;
            for (long mask = 0; mask < total; mask++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += ((mask >> i) & 1) == 1 ? r[i] : -r[i];
                if (Math.abs(s) >= limit) extreme++;
            }
            return (double) extreme / total;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int k = 0; k < DRAWS; k++) {
            double s = 0;
            for (int i = 0; i < n; i++) s += rng.nextBoolean() ? r[i] : -r[i];
            if (Math.abs(s) >= limit) extreme++;
        }
        return (1.0 + extreme) / (1.0 + DRAWS);
    }

    /** Wilcoxon rank-sum (Mann–Whitney) test of two independent samples, by permuting the labels. NaN ignored. */
    public static double rankSum(double[] a, double[] b, long seed) {
        double[] x = Arrays.stream(a).filter(Double::isFinite).toArray();
        double[] y = Arrays.stream(b).filter(Double::isFinite).toArray();
        if (x.length < 1 || y.length < 1 || x.length + y.length < 3) return 1;
        double[] all = new double[x.length + y.length];
        System.arraycopy(x, 0, all, 0, x.length);
        System.arraycopy(y, 0, all, x.length, y.length);
        double[] r = ranks(all);
        return GroupDifference.permutationP(r, x.length, seed);
    }

    public static double median(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Mid-ranks, 1-based. */
    static double[] ranks(double[] v) {
        int n = v.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (i, j) -> Double.compare(v[i], v[j]));
        double[] r = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && v[order[j + 1]] == v[order[i]]) j++;
            double mid = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) r[order[k]] = mid;
            i = j + 1;
        }
        return r;
    }
}
