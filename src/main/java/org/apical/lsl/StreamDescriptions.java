package org.apical.lsl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apical.config.ConfigException;
import org.apical.core.StreamDescription;
import org.apical.stream.StreamInfo;
import org.apical.stream.XmlElement;

/**
 * A stream's full info (from LSL, or a recording's stream header) → what the pipeline needs: channel labels,
 * soma/dendrite pairs and ROI positions. The convention read from {@code desc/channels/channel}: {@code label},
 * {@code type} ({@code soma}, {@code dendrite}, {@code unit}, ...), {@code neuron} (the key that pairs a soma with its
 * dendrite) and {@code x_um}/{@code y_um}. A rig file's {@code input.pairs} overrides the pairing. One channel of type
 * {@code index} is the source's sample counter (frame number), by which lost samples are counted exactly.
 */
public final class StreamDescriptions {
    private StreamDescriptions() {}

    public static StreamDescription of(StreamInfo info, int[][] pairsOverride, boolean spikes) {
        int n = info.channelCount();
        String[] labels = new String[n];
        double[][] positions = new double[n][];
        XmlElement channelList = info.desc().child("channels");
        List<XmlElement> channels = channelList == null ? List.of() : channelList.children("channel");
        Map<String, Integer> somaOf = new HashMap<>();
        Map<String, Integer> dendriteOf = new HashMap<>();
        String[] neuronOf = new String[n];
        int index = -1;
        for (int c = 0; c < n; c++) {
            XmlElement ch = c < channels.size() ? channels.get(c) : null;
            String label = ch == null ? "" : ch.childText("label");
            labels[c] = label == null || label.isEmpty() ? "ch" + c : label;
            positions[c] = new double[] {number(ch, "x_um"), number(ch, "y_um")};
            if (ch == null) continue;
            String type = ch.childText("type") == null ? "" : ch.childText("type").trim().toLowerCase(Locale.ROOT);
            if (type.equals("index")) {
                if (index >= 0) {
                    throw new ConfigException("stream '" + info.name() + "' declares channels " + index + " and " + c
                            + " as its sample index (desc/channels/channel/type 'index'); a stream has at most one");
                }
                index = c;
            }
            String neuron = ch.childText("neuron");
            if (neuron == null || neuron.isEmpty()) continue;
            neuronOf[c] = neuron.trim();
            if (type.equals("soma")) somaOf.put(neuron, c);
            if (type.equals("dendrite")) dendriteOf.put(neuron, c);
        }
        int[] somas, dendrites;
        if (pairsOverride != null) {
            somas = pairsOverride[0].clone();
            dendrites = pairsOverride[1].clone();
        } else {
            List<int[]> pairs = new ArrayList<>();
            for (var e : somaOf.entrySet()) {
                Integer d = dendriteOf.get(e.getKey());
                if (d != null) pairs.add(new int[] {e.getValue(), d});
            }
            pairs.sort((a, b) -> Integer.compare(a[0], b[0]));
            somas = pairs.stream().mapToInt(p -> p[0]).toArray();
            dendrites = pairs.stream().mapToInt(p -> p[1]).toArray();
        }
        for (int i = 0; i < somas.length; i++) {
            if (somas[i] >= n || dendrites[i] >= n) {
                throw new ConfigException("stream '" + info.name() + "' has " + n + " channels, but soma/dendrite pair "
                        + i + " names channels " + somas[i] + " and " + dendrites[i]);
            }
        }
        boolean anyPosition = Arrays.stream(positions).anyMatch(p -> !Double.isNaN(p[0]));
        String[] neurons = new String[somas.length];
        for (int i = 0; i < somas.length; i++) {
            neurons[i] = neuronOf[somas[i]] != null ? neuronOf[somas[i]] : Integer.toString(i);
        }
        return new StreamDescription(info, spikes, labels, somas, dendrites, neurons, anyPosition ? positions : null,
                index);
    }

    private static double number(XmlElement ch, String name) {
        if (ch == null) return Double.NaN;
        String t = ch.childText(name);
        if (t == null || t.isBlank()) return Double.NaN;
        try {
            return Double.parseDouble(t.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
