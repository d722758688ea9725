package org.apical.pipeline;

/**
 * What a source says about its channels before the first sample: how many, the nominal rate, whether they are
 * fluorescence (imaging) or spike counts, their labels, which soma channel pairs with which dendrite channel,
 * ROI positions (µm, NaN where unknown), and the metadata to record with the session (the stream's full info XML).
 */
public record StreamDescription(String name, String type, String sourceId, int channelCount, double nominalRate,
                                boolean spikes, String[] labels, int[] pairSomas, int[] pairDendrites,
                                double[][] positionsUm, String infoXml) {

    public int pairCount() { return pairSomas == null ? 0 : pairSomas.length; }
}
