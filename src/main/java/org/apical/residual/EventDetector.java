package org.apical.residual;

import org.apical.config.ResidualSection;

/**
 * Finds somatic calcium events and measures each with its dendrite, causally, for every pair at once (in the spirit
 * of the source lab's earlier event code, see docs/residuals.md):
 * <ol>
 *   <li>a soma whose smoothed dF/F rose by {@code threshold} × its noise SD within {@code rise} starts an event, at
 *       least {@code min_spacing} after the previous event's peak;</li>
 *   <li>the peak is the highest value until the trace falls half a threshold below it (or a window passes);</li>
 *   <li>the somatic amplitude is the peak minus the minimum of the {@code lookback} before it;</li>
 *   <li>{@code window} after the peak, the dendritic amplitude is the dendrite's highest value between the soma's
 *       minimum and then, minus the dendrite's minimum before that high; the event is coincident when that amplitude
 *       clears the dendrite's own threshold.</li>
 * </ol>
 * The window is one frame by default where the source lab looked up to 1 s after the peak for coincidence: a window
 * past the soma's peak folds the next spikes into the dendrite's amplitude but not the soma's, more of them when the
 * neuron fires more, which biases slopes low and makes residuals follow the task through the firing rate alone
 * (measured on the simulated rig: docs/residuals.md).
 * State is a few numbers per pair plus a short history ring of both smoothed traces, frame-major so that a frame's
 * writes are contiguous; a frame costs O(pairs) and allocates nothing (an event is one small record).
 */
final class EventDetector {
    interface Sink { void event(int pair, long peakFrame, double soma, double dendrite, boolean coincident); }

    private static final int IDLE = 0, RISING = 1;

    private final int pairs;
    private final double threshold;
    private final int rise, lookback, spacing, window, mask;
    private final double[] somaHistory, dendriteHistory;
    private final int[] state;
    private final long[] lastPeak, peakFrame, pendingPeak, pendingMin;
    private final double[] peakValue, pendingSoma;
    private long frame = -1;

    EventDetector(int pairs, ResidualSection cfg, double rate) {
        this.pairs = pairs;
        threshold = cfg.threshold();
        rise = ResidualSection.frames(cfg.rise(), rate);
        lookback = ResidualSection.frames(cfg.lookback(), rate);
        spacing = ResidualSection.frames(cfg.minSpacing(), rate);
        window = ResidualSection.frames(cfg.window(), rate);
        int span = Math.max(Math.max(lookback + window, 2 * lookback), rise) + 4;
        int h = Integer.highestOneBit(span) << 1;
        mask = h - 1;
        somaHistory = new double[pairs * h];
        dendriteHistory = new double[pairs * h];
        state = new int[pairs];
        lastPeak = new long[pairs];
        peakFrame = new long[pairs];
        pendingPeak = new long[pairs];
        pendingMin = new long[pairs];
        peakValue = new double[pairs];
        pendingSoma = new double[pairs];
        java.util.Arrays.fill(lastPeak, Long.MIN_VALUE / 2);
        java.util.Arrays.fill(pendingPeak, -1);
    }

    /** Frames from a peak to the moment its event is reported (the dendrite's window). */
    int delayFrames() { return window; }

    /**
     * One frame of smoothed dF/F (soma[i], dendrite[i] of pair i) with each compartment's noise SD; events that
     * complete on this frame go to {@code sink}.
     */
    void step(double[] soma, double[] dendrite, double[] somaNoise, double[] dendriteNoise, Sink sink) {
        long t = ++frame;
        int row = (int) (t & mask) * pairs;
        for (int p = 0; p < pairs; p++) {
            double s = soma[p];
            somaHistory[row + p] = s;
            dendriteHistory[row + p] = dendrite[p];
            double thr = threshold * somaNoise[p];
            if (!(thr > 0)) continue; // no noise estimate yet
            if (pendingPeak[p] >= 0 && t >= pendingPeak[p] + window) finish(p, t, dendriteNoise[p], sink);
            if (state[p] == IDLE) {
                if (t >= rise && t - lastPeak[p] >= spacing && s - soma(t - rise, p) >= thr) {
                    state[p] = RISING;
                    peakValue[p] = s;
                    peakFrame[p] = t;
                }
            } else if (s > peakValue[p]) {
                peakValue[p] = s;
                peakFrame[p] = t;
            } else if (peakValue[p] - s >= thr / 2 || t - peakFrame[p] >= window) {
                confirm(p, t, thr, dendriteNoise[p], sink);
            }
        }
    }

    private double soma(long frame, int p) { return somaHistory[(int) (frame & mask) * pairs + p]; }

    private void confirm(int p, long t, double thr, double dendriteNoise, Sink sink) {
        state[p] = IDLE;
        long peak = peakFrame[p];
        long from = Math.max(Math.max(peak - lookback, lastPeak[p] + 1), Math.max(0, t - mask));
        double min = Double.POSITIVE_INFINITY;
        long minAt = peak;
        for (long u = from; u <= peak; u++) {
            double v = soma(u, p);
            if (v < min) {
                min = v;
                minAt = u;
            }
        }
        double amplitude = peakValue[p] - min;
        if (!(amplitude >= thr)) return;
        lastPeak[p] = peak;
        // a window cut short by the next event: report the earlier one now
        if (pendingPeak[p] >= 0) finish(p, t, dendriteNoise, sink);
        pendingPeak[p] = peak;
        pendingMin[p] = minAt;
        pendingSoma[p] = amplitude;
    }

    private void finish(int p, long t, double dendriteNoise, Sink sink) {
        long from = Math.max(pendingMin[p], t - mask);
        long to = Math.min(pendingPeak[p] + window, t);
        double high = Double.NEGATIVE_INFINITY, low = Double.POSITIVE_INFINITY, amplitude = Double.NaN;
        for (long u = from; u <= to; u++) {
            double v = dendriteHistory[(int) (u & mask) * pairs + p];
            if (v < low) low = v;
            if (v > high) {
                high = v;
                amplitude = high - low;
            }
        }
        boolean coincident = amplitude >= threshold * dendriteNoise;
        sink.event(p, pendingPeak[p], pendingSoma[p], amplitude, coincident);
        pendingPeak[p] = -1;
    }
}
