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

    public record Result(double floor, double threshold, double chanceAtThreshold, int trials, int trialFrames) {}

    /**
     * @param x         the ensemble signal over the baseline (first {@code n} values)
     * @param smoothing frames in the causal mean the decoder applies (the hit test uses the same mean)
     */
    public static Result run(double[] x, int n, int smoothing, int trials, int trialFrames, double step,
                             double chance, long seed) {
        return run(x, n, smoothing, trials, trialFrames, step, chance, seed, 0);
    }

    /**
     * As above; {@code floorPercentile} above 0 takes the floor (and the start of the threshold grid) at that
     * percentile of x instead of its minimum, so one outlier frame cannot stretch the cursor's range.
     */
    public static Result run(double[] x, int n, int smoothing, int trials, int trialFrames, double step,
                             double chance, long seed, double floorPercentile) {
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
        return new Result(min, threshold, reached, trials, frames);
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
