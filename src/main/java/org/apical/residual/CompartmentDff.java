package org.apical.residual;

import org.apical.decode.RunningPercentile;

/**
 * Each compartment's own dF/F, off the decision path: F0 is a running percentile over the baseline window of the
 * channel's raw values averaged over blocks of a second (F0 drifts over tens of seconds, so a window of block means
 * follows it as well as one of every frame, at a small fraction of the cost: a running percentile's update, not the
 * per-frame arithmetic, was most of this stage's time); then a short running mean, and a running estimate of the
 * frame-to-frame noise SD from the mean absolute first difference (a high-pass filter that calcium events, being
 * rare and slow to decay, barely move; large jumps are clipped before they enter it).
 */
final class CompartmentDff {
    /** Block means per second fed to each channel's F0 window. */
    static final double BASELINE_SAMPLES_PER_SECOND = 1;
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
    /** Frame-to-frame noise SD of each channel's dF/F (NaN until two frames were seen). */
    final double[] noise;
    private final double[] baseline;
    private final double[] inverse; // 1 / baseline: a multiply per sample instead of a divide
    private final double[] blockSum;
    private final int[] blockCount;
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
        noise = new double[n];
        baseline = new double[n];
        inverse = new double[n];
        blockSum = new double[n];
        blockCount = new int[n];
        smoothed = new double[n];
        alpha = 1.0 / Math.max(1, NOISE_SECONDS * rate);
        java.util.Arrays.fill(last, Double.NaN);
        java.util.Arrays.fill(meanAbsDiff, Double.NaN);
        java.util.Arrays.fill(noise, Double.NaN);
        java.util.Arrays.fill(baseline, Double.NaN);
    }

    /** Takes one frame of raw values (indexed by stream channel); allocation-free. */
    void step(double[] raw) {
        long k = frames++;
        int n = channels.length;
        // each frame feeds the F0 windows of every {@code every}-th channel, in turn, so the cost is even
        for (int i = (int) (k % every); i < n; i += every) {
            if (blockCount[i] > 0) feed(i, blockSum[i] / blockCount[i]);
            blockSum[i] = 0;
            blockCount[i] = 0;
        }
        int slot = (int) (k % smoothing) * n;
        boolean full = k >= smoothing;
        double perFilled = 1.0 / Math.min(k + 1, smoothing);
        for (int i = 0; i < n; i++) {
            double f = raw[channels[i]];
            if (Double.isNaN(baseline[i])) feed(i, f); // the first value sets F0 until the window has more
            if (Double.isFinite(f)) {
                blockSum[i] += f;
                blockCount[i]++;
            }
            double v = Double.isFinite(f) && baseline[i] > 0 ? f * inverse[i] - 1 : Double.NaN;
            double prev = last[i];
            if (!Double.isNaN(v)) {
                if (!Double.isNaN(prev)) {
                    double d = Math.abs(v - prev);
                    double m = meanAbsDiff[i];
                    m = Double.isNaN(m) ? d : m + alpha * (Math.min(d, 4 * m + 1e-12) - m);
                    meanAbsDiff[i] = m;
                    noise[i] = m * SQRT_PI_OVER_2;
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
    double noise(int i) { return noise[i]; }

    /** Channel {@code i}'s current F0. */
    double baseline(int i) { return baseline[i]; }

    int size() { return channels.length; }
}
