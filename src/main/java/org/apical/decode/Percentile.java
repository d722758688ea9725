package org.apical.decode;

/**
 * MATLAB's {@code prctile} on sorted data (numpy's method 'hazen'): the i-th smallest of n values sits at
 * percentile 100·(i − 0.5)/n, values between are interpolated linearly, the minimum and maximum hold beyond.
 * The reference decoder's baseline uses exactly this, so frame-for-frame agreement depends on it.
 */
public final class Percentile {
    private Percentile() {}

    /** Percentile {@code p} (0..100) of the first {@code n} values of {@code sorted} (ascending). */
    public static double ofSorted(double[] sorted, int n, double p) {
        if (n <= 0) return Double.NaN;
        if (n == 1) return sorted[0];
        double pos = p / 100.0 * n + 0.5; // 1-based rank where percentile p sits
        if (pos <= 1) return sorted[0];
        if (pos >= n) return sorted[n - 1];
        int lo = (int) Math.floor(pos);
        double frac = pos - lo;
        double a = sorted[lo - 1], b = sorted[lo];
        // For finite values these shortcuts give what the formula gives; they keep an infinite neighbour from turning
        // 0·∞ or ∞ − ∞ into NaN.
        if (frac == 0 || a == b) return a;
        if (a == Double.NEGATIVE_INFINITY) return b == Double.POSITIVE_INFINITY ? Double.NaN : a;
        return a + frac * (b - a);
    }

    /** Percentile of unsorted values (copies and sorts; not for the hot path). */
    public static double of(double[] values, double p) {
        double[] s = values.clone();
        java.util.Arrays.sort(s);
        return ofSorted(s, s.length, p);
    }
}
