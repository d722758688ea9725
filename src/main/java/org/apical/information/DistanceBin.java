package org.apical.information;

/**
 * Neuron pairs whose ROI centres are {@code [fromUm, toUm)} apart, with the means over those pairs of: the
 * noise correlation, and the bias-corrected two-neuron I_shuffle, I_real and I_redundancy (see
 * {@link DistanceAnalysis}). {@code sharedFraction} = mean redundancy / mean I_shuffle.
 */
public record DistanceBin(double fromUm, double toUm, int pairs, double meanDistanceUm, double noiseCorrelation,
                          double pairShuffle, double pairReal, double pairRedundancy) {
    public double sharedFraction() { return pairRedundancy / pairShuffle; }
}
