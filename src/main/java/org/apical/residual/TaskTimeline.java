package org.apical.residual;

import java.util.Arrays;

/**
 * The task regressors of finding 3 at every frame, so that an event reads its row by frame index and a circular
 * shift of the whole timeline (outcomes and error trace together) is index arithmetic. Columns are
 * {@link TaskEncoding#REGRESSORS}: after a hit, after a time-out, before a hit (indicators); in a trial
 * (indicator, errorDeg known); the error in units of 90° (the starting distance of a trial), 0 outside trials; its
 * rate of change in 90° per second, the slope over a centred window kept inside the same trial, 0 outside trials.
 * With the in-trial indicator in the model, the error and its rate being 0 outside trials makes their
 * coefficients within-trial slopes.
 */
final class TaskTimeline {
    static final int AFTER_HIT = 0, AFTER_MISS = 1, BEFORE_HIT = 2, IN_TRIAL = 3, ERROR = 4, ERROR_RATE = 5;
    static final int COLUMNS = 6;
    static final double ERROR_UNIT_DEG = 90;

    final int frames;
    final double[] table; // frames × COLUMNS

    TaskTimeline(ResidualData d, TaskOptions o) {
        frames = d.frames();
        table = new double[frames * COLUMNS];
        double[] hits = d.outcomes().stream().filter(Outcome::hit).mapToDouble(Outcome::time).sorted().toArray();
        double[] misses = d.outcomes().stream().filter(x -> !x.hit()).mapToDouble(Outcome::time).sorted().toArray();
        double[] time = d.frameTimes(), err = d.errorDeg();
        int half = Math.max(1, (int) Math.round(o.rateWindow() * d.rateHz() / 2));
        int runStart = 0;
        for (int f = 0; f < frames; f++) {
            int row = f * COLUMNS;
            double tau = time[f];
            // after: the outcome at h with h <= tau < h + window; before: tau < h <= tau + window
            table[row + AFTER_HIT] = anyIn(hits, tau - o.afterOutcome(), tau) ? 1 : 0;
            table[row + AFTER_MISS] = anyIn(misses, tau - o.afterOutcome(), tau) ? 1 : 0;
            table[row + BEFORE_HIT] = anyIn(hits, tau, tau + o.beforeHit()) ? 1 : 0;
            if (!Double.isFinite(err[f])) { runStart = f + 1; continue; }
            table[row + IN_TRIAL] = 1;
            table[row + ERROR] = err[f] / ERROR_UNIT_DEG;
            int a = Math.max(runStart, f - half), b = f;
            while (b < f + half && b + 1 < frames && Double.isFinite(err[b + 1])) b++;
            table[row + ERROR_RATE] = b > a ? (err[b] - err[a]) / (time[b] - time[a]) / ERROR_UNIT_DEG : 0;
        }
    }

    /** Whether a sorted array holds a time in {@code (lo, hi]}. */
    static boolean anyIn(double[] sorted, double lo, double hi) {
        int a = 0, b = sorted.length; // first index with sorted[i] > lo
        while (a < b) {
            int m = (a + b) >>> 1;
            if (sorted[m] > lo) b = m; else a = m + 1;
        }
        return a < sorted.length && sorted[a] <= hi;
    }

    /** Regressor {@code column} at {@code frame} with the timeline shifted by {@code shift} frames. */
    double at(int frame, int shift, int column) {
        int f = frame - shift;
        if (f < 0) f += frames;
        return table[f * COLUMNS + column];
    }
}
