package org.apical.residual;

import org.apical.decode.RunningPercentile;

/**
 * Each compartment's own dF/F, off the decision path: F0 is a running percentile of the channel's raw values over the
 * baseline window, fed a few samples per second (F0 drifts over tens of seconds, so a sparse window follows it as
 * well as a full one at a small fraction of the cost); then a short running mean, and a running estimate of the
 * frame-to-frame noise SD from the mean absolute first difference (a high-pass filter that calcium events, being
 * rare and slow to decay, barely move; large jumps are clipped before they enter it).
 */
final class CompartmentDff {
    /** Samples per second fed to each channel's F0 window. */
    static final double BASELINE_SAMPLES_PER_SECOND = 4;
    /** Time constant of the noise estimate, in seconds. */
    static final double NOISE_SECONDS = 10;
    private static final double SQRT_PI_OVER_2 = Math.sqrt(Math.PI) / 2;

    private final int[] channels;
    private final RunningPercentile[] f0;
    private final int every;
    private final int smoothing;
    private final double[] ring;
    private final double[] sum;
    private final double[] last;
    private final double[] meanAbsDiff;
    private final double[] baseline;
    private final double[] inverse; // 1 / baseline: a multiply per sample instead of a divide
    final double[] dff;
    final double[] smoothed;
    private final double alpha;
    private long frames;

    CompartmentDff(int[] channels, double rate, double windowSeconds, double percentile, int smoothingFrames) {
        this.channels = channels.clone();
        int n = channels.length;
        this.every = (int) Math.max(1, Math.round(rate / BASELINE_SAMPLES_PER_SECOND));
        int window = (int) Math.max(1, Math.round(windowSeconds * rate / every));
        f0 = new RunningPercentile[n];
        for (int i = 0; i < n; i++) f0[i] = new RunningPercentile(window, percentile);
        smoothing = smoothingFrames;
        ring = new double[n * smoothing];
        sum = new double[n];
        last = new double[n];
        meanAbsDiff = new double[n];
        baseline = new double[n];
        inverse = new double[n];
        dff = new double[n];
        smoothed = new double[n];
        alpha = 1.0 / Math.max(1, NOISE_SECONDS * rate);
        java.util.Arrays.fill(last, Double.NaN);
        java.util.Arrays.fill(meanAbsDiff, Double.NaN);
        java.util.Arrays.fill(baseline, Double.NaN);
    }

    /** Takes one frame of raw values (indexed by stream channel); allocation-free. */
    void step(double[] raw) {
        long k = frames++;
        int n = channels.length;
        // each frame feeds the F0 windows of every {@code every}-th channel, in turn, so the cost is even
        for (int i = (int) (k % every); i < n; i += every) feed(i, raw[channels[i]]);
        int slot = (int) (k % smoothing) * n;
        boolean full = k >= smoothing;
        double perFilled = 1.0 / Math.min(k + 1, smoothing);
        for (int i = 0; i < n; i++) {
            double f = raw[channels[i]];
            if (f0[i].count() == 0) feed(i, f);
            double v = Double.isFinite(f) && baseline[i] > 0 ? f * inverse[i] - 1 : Double.NaN;
            dff[i] = v;
            double prev = last[i];
            if (!Double.isNaN(v)) {
                if (!Double.isNaN(prev)) {
                    double d = Math.abs(v - prev);
                    double m = meanAbsDiff[i];
                    meanAbsDiff[i] = Double.isNaN(m) ? d : m + alpha * (Math.min(d, 4 * m + 1e-12) - m);
                }
                last[i] = v;
            } else {
                v = Double.isNaN(prev) ? 0 : prev; // a missing value holds the trace instead of poisoning its sums
            }
            int at = slot + i;
            sum[i] += v - (full ? ring[at] : 0);
            ring[at] = v;
            smoothed[i] = sum[i] * perFilled;
        }
    }

    private void feed(int i, double f) {
        if (!Double.isFinite(f)) return;
        baseline[i] = f0[i].add(f);
        inverse[i] = 1 / baseline[i];
    }

    /** Frame-to-frame noise SD of channel {@code i}'s dF/F (NaN until two frames were seen). */
    double noise(int i) { return meanAbsDiff[i] * SQRT_PI_OVER_2; }

    /** Channel {@code i}'s current F0. */
    double baseline(int i) { return baseline[i]; }

    int size() { return channels.length; }
}
