package org.apical.decode;

import org.apical.config.DecoderConfig;

/**
 * Per-channel normalisation of the channels anything downstream uses (the ensembles and the soma–dendrite pairs):
 * dF/F = (F − F0)/F0 with F0 a running percentile or mean of F (imaging), optionally divided by the baseline's
 * spread; or a running z-score of the rate (spikes). Channels nobody reads are left NaN: at 1,000 ROIs a running
 * percentile for every one would cost more than the whole decision, and the raw values are recorded anyway.
 */
public final class Normaliser {
    private final int[] channels;
    private final boolean zscoreRates;
    private final boolean divideBySpread;
    private final RunningPercentile[] percentile;
    private final RunningStats[] stats;

    /**
     * @param channels    the channel indices to normalise
     * @param windowFrames the baseline window in frames
     * @param spikes      true for spike-count input (z-score of rates)
     */
    public Normaliser(DecoderConfig.Normalise spec, int[] channels, int windowFrames, boolean spikes) {
        this.channels = channels.clone();
        this.zscoreRates = spikes || "zscore".equals(spec.method());
        this.divideBySpread = spec.zscore() && !zscoreRates;
        boolean usePercentile = !zscoreRates && "percentile".equals(spec.baseline());
        percentile = new RunningPercentile[channels.length];
        stats = new RunningStats[channels.length];
        for (int i = 0; i < channels.length; i++) {
            if (usePercentile) percentile[i] = new RunningPercentile(windowFrames, spec.percentile());
            if (!usePercentile || divideBySpread) stats[i] = new RunningStats(windowFrames);
        }
    }

    /**
     * Normalises {@code raw} into {@code out} for the configured channels. A NaN or infinite sample gives NaN and is
     * left out of its channel's baseline (an infinity in a running sum or window would spoil every later value);
     * returns how many there were.
     */
    public int apply(double[] raw, double[] out) {
        int nonFinite = 0;
        for (int i = 0; i < channels.length; i++) {
            int c = channels[i];
            double v = raw[c];
            if (!Double.isFinite(v)) {
                out[c] = Double.NaN;
                nonFinite++;
                continue;
            }
            if (zscoreRates) {
                RunningStats s = stats[i];
                s.add(v);
                double sd = s.sd();
                out[c] = sd > 0 ? (v - s.mean()) / sd : 0.0;
                continue;
            }
            double f0;
            if (percentile[i] != null) {
                f0 = percentile[i].add(v);
                if (stats[i] != null) stats[i].add(v);
            } else {
                stats[i].add(v);
                f0 = stats[i].mean();
            }
            double dff = f0 != 0 ? (v - f0) / f0 : 0.0;
            if (divideBySpread) {
                double sd = stats[i].sd();
                dff = sd > 0 ? dff * f0 / sd : 0.0;
            }
            out[c] = dff;
        }
        return nonFinite;
    }

    public int[] channels() { return channels.clone(); }
}
