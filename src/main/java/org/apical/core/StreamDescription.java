package org.apical.core;

import org.apical.stream.StreamInfo;

/**
 * What a source says about its channels before the first sample: the stream's info (name, rate, channel count and
 * the meta-data to record with the session), whether the channels are fluorescence (imaging) or spike counts, their
 * labels, which soma channel pairs with which dendrite channel (and the channel map's neuron id of each pair), ROI positions (µm, NaN where unknown), and which
 * channel, if any, is the source's sample index (a counter that steps by one per sample; −1 when none).
 */
public record StreamDescription(StreamInfo info, boolean spikes, String[] labels, int[] pairSomas,
                                int[] pairDendrites, String[] pairNeurons, double[][] positionsUm,
                                int indexChannel) {

    public String name() { return info.name(); }

    public String type() { return info.type(); }

    public String sourceId() { return info.sourceId(); }

    public int channelCount() { return info.channelCount(); }

    public double nominalRate() { return info.nominalSrate(); }

    public int pairCount() { return pairSomas == null ? 0 : pairSomas.length; }
}
