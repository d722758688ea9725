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

    /**
     * The percentile interval of the replicates moved so that their median sits on the point estimate. A
     * resample repeats trials, so it holds fewer distinct ones and the bias correction (which assumes T distinct
     * trials) under-corrects it: the plain percentile interval would sit too high, the "basic" interval too low.
     * Re-centring keeps the bootstrap's spread and leaves the location to the (unbiased) point estimate.
     */
    static Interval centred(double estimate, double[] values, int count, double level) {
        Interval p = percentile(values, count, level);
        double median = quantile(values, count, 0.5);
        return new Interval(estimate + p.low() - median, estimate + p.high() - median, level);
    }

    private static double quantile(double[] sorted, int count, double q) {
        double pos = q * (count - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(count - 1, lo + 1);
        double frac = pos - lo;
        return sorted[lo] * (1 - frac) + sorted[hi] * frac;
    }
}
