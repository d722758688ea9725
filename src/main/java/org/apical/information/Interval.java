package org.apical.information;

/** A confidence interval {@code [low, high]} at {@code level} (e.g. 0.95). */
public record Interval(double low, double high, double level) {
    public boolean contains(double v) { return v >= low && v <= high; }

    /** Percentile interval of the (sorted in place) replicate values. */
    static Interval percentile(double[] values, int count, double level) {
        java.util.Arrays.sort(values, 0, count);
        double tail = (1 - level) / 2;
        return new Interval(quantile(values, count, tail), quantile(values, count, 1 - tail), level);
    }

    private static double quantile(double[] sorted, int count, double q) {
        double pos = q * (count - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(count - 1, lo + 1);
        double frac = pos - lo;
        return sorted[lo] * (1 - frac) + sorted[hi] * frac;
    }
}
