package org.apical.spikes;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Unit id → bin channel, looked up once per spike without allocating: ids are text (a string stream, the rig file's
 * {@code unit_ids}) or whole numbers (an int stream); a numeric id finds its channel in a direct table when small and
 * non-negative (the usual sorter numbering), else by binary search. An id no channel has is −1: counted as unknown,
 * never fatal.
 */
public final class UnitIds {
    /** Numeric ids below this are looked up in a table. */
    private static final int DIRECT = 1 << 16;

    private final String[] labels;
    private final int[] direct;
    private final long[] sortedIds;
    private final int[] sortedChannels;
    private final Map<String, Integer> byText = new HashMap<>();

    public UnitIds(List<String> ids) {
        labels = ids.toArray(String[]::new);
        int max = -1;
        long[] numeric = new long[labels.length];
        boolean[] isNumber = new boolean[labels.length];
        int others = 0;
        for (int c = 0; c < labels.length; c++) {
            byText.put(labels[c], c);
            try {
                numeric[c] = Long.parseLong(labels[c]);
                isNumber[c] = true;
                if (numeric[c] >= 0 && numeric[c] < DIRECT) max = Math.max(max, (int) numeric[c]);
                else others++;
            } catch (NumberFormatException e) {
                // a text id: only a string stream can send it
            }
        }
        direct = new int[max + 1];
        Arrays.fill(direct, -1);
        long[][] pairs = new long[others][];
        int k = 0;
        for (int c = 0; c < labels.length; c++) {
            if (!isNumber[c]) continue;
            if (numeric[c] >= 0 && numeric[c] < DIRECT) direct[(int) numeric[c]] = c;
            else pairs[k++] = new long[] {numeric[c], c};
        }
        Arrays.sort(pairs, (a, b) -> Long.compare(a[0], b[0]));
        sortedIds = new long[others];
        sortedChannels = new int[others];
        for (int i = 0; i < others; i++) {
            sortedIds[i] = pairs[i][0];
            sortedChannels[i] = (int) pairs[i][1];
        }
    }

    /** The ids 0 to n − 1. */
    public static UnitIds count(int n) {
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) ids[i] = Integer.toString(i);
        return new UnitIds(List.of(ids));
    }

    public int size() { return labels.length; }

    /** Channel labels of the bins: the ids as text, in channel order. */
    public String[] labels() { return labels.clone(); }

    public String label(int channel) { return labels[channel]; }

    /** The channel of a numeric id (an int stream's sample; a fractional or NaN value is no id), or −1. */
    public int channelOf(double id) {
        if (id >= 0 && id < direct.length) {
            int i = (int) id;
            return i == id ? direct[i] : -1;
        }
        if (id != Math.rint(id) || sortedIds.length == 0) return -1;
        int at = Arrays.binarySearch(sortedIds, (long) id);
        return at >= 0 ? sortedChannels[at] : -1;
    }

    /** The channel of a text id, or −1. */
    public int channelOf(String id) {
        if (id == null) return -1;
        Integer c = byText.get(id);
        return c == null ? -1 : c;
    }
}
