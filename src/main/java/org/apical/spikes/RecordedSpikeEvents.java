package org.apical.spikes;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apical.config.InputSection;
import org.apical.stream.ChannelFormat;
import org.apical.xdf.SampleValues;
import org.apical.xdf.XdfStream;

/**
 * A recorded spike-event stream binned offline by the same {@link SpikeBinner} as a live session: events in the
 * order the file holds them, the watermark the latest stamp seen so far (the stream's own time standing in for the
 * clock), so an event later than the bin latency behind the newest one is late here too. The result is a stream
 * of bins like the one a session records ({@link SpikeEventLayout#binsInfo}).
 */
public final class RecordedSpikeEvents {
    private RecordedSpikeEvents() {}

    /** True for a stream that looks like spike events: irregular rate (the bins a session wrote are regular). */
    public static boolean isEvents(XdfStream s) { return isEvents(s.header()); }

    /** The same from a stream's header alone (before its samples are read). */
    public static boolean isEvents(org.apical.stream.StreamInfo h) { return !h.isRegular(); }

    /**
     * The layout for a recorded stream: the rig's spec (or the defaults: 50 ms bins, 5 ms latency, the unit channel
     * from the channel map) and its units, else every unit id the stream holds (numeric ids as 0 to the highest, so
     * index i is unit i as in a live session; text ids sorted).
     */
    public static SpikeEventLayout layout(XdfStream s, InputSection.SpikeEvents spec, String where) {
        InputSection.SpikeEvents use = spec != null ? spec : new InputSection.SpikeEvents(
                org.apical.config.Duration.seconds(0.05), org.apical.config.Duration.seconds(0.005), "", null);
        SpikeEventLayout probe = SpikeEventLayout.of(s.header(), use, List.of("0"), where);
        if (use.units() != null) return probe;
        return SpikeEventLayout.of(s.header(), use, idsIn(s, probe.unitChannel()), where);
    }

    private static List<String> idsIn(XdfStream s, int channel) {
        List<String> ids = new ArrayList<>();
        if (s.header().channelFormat() == ChannelFormat.STRING) {
            TreeSet<String> seen = new TreeSet<>();
            for (int i = 0; i < s.samples(); i++) seen.add(s.string(i, channel));
            ids.addAll(seen);
        } else {
            long max = -1;
            for (int i = 0; i < s.samples(); i++) {
                double v = s.value(i, channel);
                if (v >= 0 && v == Math.rint(v) && v < 1_000_000) max = Math.max(max, (long) v);
            }
            for (long i = 0; i <= max; i++) ids.add(Long.toString(i));
        }
        if (ids.isEmpty()) ids.add("0");
        return ids;
    }

    /** The stream's events binned from its first event's bin on; timestamps are the bins' ends. */
    public static XdfStream bin(XdfStream s, SpikeEventLayout layout) {
        return bin(s, layout, Double.NaN);
    }

    /**
     * The same on a grid that starts at the bin holding {@code gridStart} (NaN: the first event's), as a live session
     * starts its grid when it starts: binning a session's raw events offline then gives the bins it decided on, the
     * empty ones before the first spike included.
     */
    public static XdfStream bin(XdfStream s, SpikeEventLayout layout, double gridStart) {
        SpikeBinner binner = layout.binner();
        if (gridStart == gridStart) binner.start(gridStart);
        int units = layout.units().size();
        int unitChannel = layout.unitChannel();
        boolean text = s.header().channelFormat() == ChannelFormat.STRING;
        double[] ts = s.timestamps();
        List<double[]> bins = new ArrayList<>();
        List<Double> ends = new ArrayList<>();
        double watermark = Double.NEGATIVE_INFINITY;
        double last = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < ts.length; i++) {
            watermark = Math.max(watermark, ts[i]);
            close(binner, watermark, units, bins, ends);
            int c = text ? layout.units().channelOf(s.string(i, unitChannel))
                    : layout.units().channelOf(s.value(i, unitChannel));
            binner.add(c, ts[i]);
            if (ts[i] > last) last = ts[i];
        }
        // the end of the file: every bin up to the last event's is complete
        while (binner.started() && binner.nextBinEnd() - binner.binSeconds() <= last) {
            double end = binner.nextBinEnd();
            double[] out = new double[units];
            binner.closeIfDue(Double.POSITIVE_INFINITY, out);
            bins.add(out);
            ends.add(end);
        }
        float[] data = new float[bins.size() * units];
        double[] stamps = new double[bins.size()];
        for (int b = 0; b < bins.size(); b++) {
            stamps[b] = ends.get(b);
            for (int u = 0; u < units; u++) data[b * units + u] = (float) bins.get(b)[u];
        }
        return new XdfStream(s.id(), layout.binsInfo(), stamps, stamps.clone(), new SampleValues.Float32(data, units),
                new double[0], new double[0], new double[] {0, 0}, null, 1 / layout.binSeconds());
    }

    /** The bins of {@code binned} whose ends are in [from, to]. */
    public static XdfStream between(XdfStream binned, double from, double to) {
        double[] ts = binned.timestamps();
        int lo = 0, hi = ts.length;
        while (lo < ts.length && ts[lo] < from) lo++;
        while (hi > lo && ts[hi - 1] > to) hi--;
        int units = binned.header().channelCount();
        float[] data = new float[(hi - lo) * units];
        for (int i = lo; i < hi; i++) for (int u = 0; u < units; u++) data[(i - lo) * units + u] = (float) binned.value(i, u);
        double[] stamps = java.util.Arrays.copyOfRange(ts, lo, hi);
        return new XdfStream(binned.id(), binned.header(), stamps, stamps.clone(), new SampleValues.Float32(data, units),
                new double[0], new double[0], new double[] {0, 0}, null, binned.effectiveRate());
    }

    private static void close(SpikeBinner binner, double watermark, int units, List<double[]> bins, List<Double> ends) {
        while (true) {
            double end = binner.nextBinEnd();
            double[] out = new double[units];
            if (!binner.closeIfDue(watermark, out)) return;
            bins.add(out);
            ends.add(end);
        }
    }
}
