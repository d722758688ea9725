package org.apical.residual;

/**
 * Settings of the network prediction (finding 2).
 *
 * @param windowStart    start of the window around each event whose mean activity is a predictor (s, ≤ 0)
 * @param windowEnd      its end (s, ≥ windowStart)
 * @param folds          contiguous cross-validation folds (≥ 3)
 * @param controlShifts  how many circular time shifts of the predictors the control averages over (≥ 1)
 * @param maxRawChannels up to this many other-neuron channels the channels themselves are the predictors;
 *                       beyond it, their top principal components
 * @param components     how many principal components when reduced
 * @param minEvents      neurons with fewer events get no fit (NaN, with a note)
 * @param seed           the control shifts and the randomised PCA
 */
public record NetworkOptions(double windowStart, double windowEnd, int folds, int controlShifts, int maxRawChannels,
                             int components, int minEvents, long seed) {
    public NetworkOptions {
        if (!(windowStart <= 0) || !(windowEnd >= windowStart) || !Double.isFinite(windowEnd) || !Double.isFinite(windowStart)) {
            throw new IllegalArgumentException("network window [start, end] needs start <= 0 and end >= start, got ["
                    + windowStart + ", " + windowEnd + "] s");
        }
        if (folds < 3) throw new IllegalArgumentException("network prediction needs at least 3 folds, got " + folds);
        if (controlShifts < 1) throw new IllegalArgumentException("network control needs at least 1 shift, got " + controlShifts);
        if (maxRawChannels < 1 || components < 1) {
            throw new IllegalArgumentException("maxRawChannels and components must be positive, got " + maxRawChannels
                    + " and " + components);
        }
        if (minEvents < 3 * folds) {
            throw new IllegalArgumentException("minEvents must be at least 3 × folds = " + 3 * folds + ", got " + minEvents);
        }
    }

    public static NetworkOptions defaults() { return new NetworkOptions(-1.0, 0.5, 5, 5, 64, 32, 20, 1L); }

    public NetworkOptions withSeed(long s) {
        return new NetworkOptions(windowStart, windowEnd, folds, controlShifts, maxRawChannels, components, minEvents, s);
    }

    public NetworkOptions withReduction(int maxRaw, int comps) {
        return new NetworkOptions(windowStart, windowEnd, folds, controlShifts, maxRaw, comps, minEvents, seed);
    }
}
