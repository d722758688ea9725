package org.apical.decode;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The source lab's calibration on a spontaneous-activity baseline: simulate trials at random start frames, find for
 * each the highest smoothed signal it reached, and take as threshold T the lowest level (on a grid from min(x) in
 * fixed steps) that at most {@code chance} of the simulated trials reach. The floor R is min(x). Seeded, so a
 * replay calibrates identically.
 */
public final class Calibration {
    private Calibration() {}

    /**
     * @param z           the threshold as a z-score of the baseline's spontaneous distribution (a normal fitted to the
     *                    lower half of x mirrored about its median), the number a lab carries to the next day
     * @param carriedOver true when a previous day's stricter z set the threshold
     */
    public record Result(double floor, double threshold, double chanceAtThreshold, int trials, int trialFrames,
                         double z, boolean carriedOver) {}

    /**
     * @param x         the ensemble signal over the baseline (first {@code n} values)
     * @param smoothing frames in the causal mean the decoder applies (the hit test uses the same mean)
     */
    public static Result run(double[] x, int n, int smoothing, int trials, int trialFrames, double step,
                             double chance, long seed) {
        return run(x, n, smoothing, trials, trialFrames, step, chance, seed, 0, Double.NaN);
    }

    /**
     * As above; {@code floorPercentile} above 0 takes the floor (and the start of the threshold grid) at that
     * percentile of x instead of its minimum, so one outlier frame cannot stretch the cursor's range.
     */
    public static Result run(double[] x, int n, int smoothing, int trials, int trialFrames, double step,
                             double chance, long seed, double floorPercentile, double previousZ) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        int finite = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(x[i])) continue;
            finite++;
            min = Math.min(min, x[i]);
            max = Math.max(max, x[i]);
        }
        if (finite < smoothing + 1) {
            throw new IllegalStateException("calibration needs a baseline of at least " + (smoothing + 1)
                    + " valid frames; it had " + finite);
        }
        if (floorPercentile > 0) {
            double[] valid = new double[finite];
            int k = 0;
            for (int i = 0; i < n; i++) if (!Double.isNaN(x[i])) valid[k++] = x[i];
            min = Percentile.of(valid, floorPercentile);
        }
        int frames = Math.min(trialFrames, n);
        double[] peaks = new double[trials];
        SplittableRandom random = new SplittableRandom(seed);
        for (int t = 0; t < trials; t++) {
            int start = n == frames ? 0 : random.nextInt(n - frames + 1);
            peaks[t] = peakOfMean(x, start, frames, smoothing);
        }
        Arrays.sort(peaks);
        long steps = Math.min(10_000_000L, (long) Math.ceil((max - min) / step) + 1);
        double threshold = max;
        double reached = 0;
        for (long i = 0; i <= steps; i++) {
            double thr = min + i * step;
            double fraction = fractionAtLeast(peaks, thr);
            if (fraction <= chance) {
                threshold = thr;
                reached = fraction;
                break;
            }
        }
        if (!(threshold > min)) threshold = min + step;
        double[] fit = mirroredLowerHalf(x, n);
        double z = (threshold - fit[0]) / fit[1];
        boolean carried = false;
        if (Double.isFinite(previousZ) && previousZ > z && fit[1] > 0) {
            // later days: the stricter of yesterday's and today's z (the reference lab's rule)
            z = previousZ;
            threshold = fit[0] + z * fit[1];
            carried = true;
        }
        return new Result(min, threshold, reached, trials, frames, z, carried);
    }

    /**
     * A normal fitted to the values at or below the median, mirrored about it: mean = the median, σ = the unbiased
     * standard deviation of the mirrored sample (MATLAB's fitdist on the mirrored data). Spontaneous activity's lower
     * half is free of the bursts that skew the upper half.
     */
    static double[] mirroredLowerHalf(double[] x, int n) {
        double[] v = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) if (!Double.isNaN(x[i])) v[k++] = x[i];
        double[] sorted = Arrays.copyOf(v, k);
        Arrays.sort(sorted);
        double median = k % 2 == 1 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
        double ss = 0;
        int m = 0;
        for (int i = 0; i < k && sorted[i] <= median; i++) {
            double d = sorted[i] - median;
            ss += d * d;
            m++;
        }
        double sigma = m > 0 ? Math.sqrt(2 * ss / (2 * m - 1)) : Double.NaN;
        return new double[] {median, sigma};
    }

    private static double peakOfMean(double[] x, int start, int frames, int k) {
        double best = Double.NEGATIVE_INFINITY;
        double sum = 0;
        int valid = 0;
        for (int j = start; j < start + frames; j++) {
            if (!Double.isNaN(x[j])) {
                sum += x[j];
                valid++;
            }
            int drop = j - k;
            if (drop >= start && !Double.isNaN(x[drop])) {
                sum -= x[drop];
                valid--;
            }
            if (j - start >= k - 1 && valid > 0) best = Math.max(best, sum / valid);
        }
        return best;
    }

    private static double fractionAtLeast(double[] sortedPeaks, double thr) {
        int lo = 0, hi = sortedPeaks.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedPeaks[mid] < thr) lo = mid + 1; else hi = mid;
        }
        return (sortedPeaks.length - lo) / (double) sortedPeaks.length;
    }
}
