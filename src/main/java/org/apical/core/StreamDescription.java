package org.apical.core;

/**
 * What a source says about its channels before the first sample: how many, the nominal rate, whether they are
 * fluorescence (imaging) or spike counts, their labels, which soma channel pairs with which dendrite channel,
 * ROI positions (µm, NaN where unknown), the metadata to record with the session (the stream's full info XML), and
 * which channel, if any, is the source's sample index (a counter that steps by one per sample; −1 when none).
 */
public record StreamDescription(String name, String type, String sourceId, int channelCount, double nominalRate,
                                boolean spikes, String[] labels, int[] pairSomas, int[] pairDendrites,
                                double[][] positionsUm, String infoXml, int indexChannel) {

    /** A stream without a sample index channel. */
    public StreamDescription(String name, String type, String sourceId, int channelCount, double nominalRate,
                             boolean spikes, String[] labels, int[] pairSomas, int[] pairDendrites,
                             double[][] positionsUm, String infoXml) {
        this(name, type, sourceId, channelCount, nominalRate, spikes, labels, pairSomas, pairDendrites, positionsUm,
                infoXml, -1);
    }

    public int pairCount() { return pairSomas == null ? 0 : pairSomas.length; }
}
