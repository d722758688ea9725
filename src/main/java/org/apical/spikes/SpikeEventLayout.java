package org.apical.spikes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apical.config.DecoderConfig;
import org.apical.config.InputSection;
import org.apical.core.StreamDescription;
import org.apical.core.UserException;
import org.apical.lsl.StreamDescriptions;
import org.apical.stream.ApicalStreams;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.XmlElement;

/**
 * How a spike-event stream becomes bins: which of its channels holds the unit id, which units become bin channels
 * (their ids in channel order), the bin width and lateness; and the bins as a stream of their own
 * ({@value ApicalStreams#SPIKE_BINS}: one count channel per unit, labelled with its id, at 1/bin Hz), which the
 * decision path reads exactly as a spike-count input.
 *
 * @param events      the spike-event stream's full info
 * @param unitChannel the channel of {@code events} that holds the unit id
 */
public record SpikeEventLayout(StreamInfo events, int unitChannel, UnitIds units, double binSeconds,
                               double latencySeconds) {

    /**
     * Checks a spike-event stream against the rig's {@code input} and picks its unit channel; every problem is a
     * {@link UserException} naming the stream and the field.
     *
     * @param rigFile      the rig file, for messages
     * @param defaultUnits the units when the rig names none (see {@link #decoderUnits})
     */
    public static SpikeEventLayout of(StreamInfo events, InputSection.SpikeEvents spec, List<String> defaultUnits,
                                      String rigFile) {
        String stream = "stream '" + events.name() + "'";
        if (events.isRegular()) {
            throw new UserException(rigFile + ": input.kind: " + InputSection.SPIKE_EVENTS + ": " + stream
                    + " has a regular rate of " + events.nominalSrate() + " Hz; a spike-event stream is irregular (one"
                    + " sample per spike, nominal rate 0). For a stream of counts per unit use input.kind: spikes");
        }
        int channel = unitChannel(events, spec.unitChannel(), rigFile);
        List<String> ids = spec.units() != null ? spec.units() : defaultUnits;
        if (ids == null || ids.isEmpty()) {
            throw new UserException(rigFile + ": input.units: the decoder names no unit and the rig file lists none;"
                    + " give input.units (a count) or input.unit_ids");
        }
        return new SpikeEventLayout(events, channel, new UnitIds(ids), spec.binSeconds(), spec.latencySeconds());
    }

    /**
     * The units a decoder names, as bin channels: its ensembles' labels (P+ then P−) when it names labels, else the
     * ids 0 to its highest index, so index i is unit i.
     */
    public static List<String> decoderUnits(DecoderConfig d) {
        if (!d.plusLabels().isEmpty() || !d.minusLabels().isEmpty()) {
            List<String> ids = new ArrayList<>();
            for (String s : d.plusLabels()) if (!ids.contains(s)) ids.add(s);
            for (String s : d.minusLabels()) if (!ids.contains(s)) ids.add(s);
            return ids;
        }
        int max = -1;
        for (int i : d.plus()) max = Math.max(max, i);
        for (int i : d.minus()) max = Math.max(max, i);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i <= max; i++) ids.add(Integer.toString(i));
        return ids;
    }

    /** The unit ids a decoder names that are bin channels, as channels (for the after-baseline report). */
    public int[] namedChannels(DecoderConfig d) {
        TreeSet<Integer> out = new TreeSet<>();
        if (!d.plusLabels().isEmpty() || !d.minusLabels().isEmpty()) {
            for (String s : d.plusLabels()) if (units.channelOf(s) >= 0) out.add(units.channelOf(s));
            for (String s : d.minusLabels()) if (units.channelOf(s) >= 0) out.add(units.channelOf(s));
        } else {
            for (int i : d.plus()) if (i < units.size()) out.add(i);
            for (int i : d.minus()) if (i < units.size()) out.add(i);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int unitChannel(StreamInfo events, String wanted, String rigFile) {
        String stream = "stream '" + events.name() + "'";
        int n = events.channelCount();
        String[] labels = new String[n];
        String[] types = new String[n];
        XmlElement list = events.desc().child("channels");
        List<XmlElement> chans = list == null ? List.of() : list.children("channel");
        for (int c = 0; c < n; c++) {
            XmlElement ch = c < chans.size() ? chans.get(c) : null;
            String l = ch == null ? null : ch.childText("label");
            String t = ch == null ? null : ch.childText("type");
            labels[c] = l == null ? "" : l.trim();
            types[c] = t == null ? "" : t.trim().toLowerCase(Locale.ROOT);
        }
        String described = n + " channel" + (n == 1 ? "" : "s") + (chans.isEmpty() ? ", no channel map"
                : ", labels " + String.join(", ", labels));
        if (!wanted.isEmpty()) {
            for (int c = 0; c < n; c++) if (labels[c].equals(wanted)) return c;
            if (wanted.chars().allMatch(Character::isDigit)) {
                int c = Integer.parseInt(wanted);
                if (c < n) return c;
            }
            throw new UserException(rigFile + ": input.unit_channel: " + stream + " has no channel '" + wanted + "' ("
                    + described + ")");
        }
        for (int c = 0; c < n; c++) {
            if (labels[c].equalsIgnoreCase("unit") || types[c].equals("unit")) return c;
        }
        if (n == 1) return 0;
        throw new UserException(rigFile + ": input.unit_channel: " + stream + " has no unit channel (" + described
                + "; none labelled or typed 'unit' in its desc/channels); name the channel that holds the unit id"
                + " with input.unit_channel");
    }

    /** The bins as a stream: one count channel per unit, labelled by its id, how they were binned in the desc. */
    public StreamInfo binsInfo() {
        List<XmlElement> channels = new ArrayList<>();
        for (int c = 0; c < units.size(); c++) {
            channels.add(XmlElement.of("channel", XmlElement.text("label", units.label(c)), XmlElement.text("type", "unit"),
                    XmlElement.text("unit", "count")));
        }
        XmlElement binning = XmlElement.of("binning", XmlElement.text("events", events.name()),
                XmlElement.text("events_source_id", events.sourceId()),
                XmlElement.text("unit_channel", Integer.toString(unitChannel)),
                XmlElement.text("bin_s", Double.toString(binSeconds)),
                XmlElement.text("latency_s", Double.toString(latencySeconds)));
        return StreamInfo.recorded(ApicalStreams.SPIKE_BINS, "SpikeCounts", units.size(), 1 / binSeconds,
                ChannelFormat.FLOAT32, "apical-spike-bins")
                .withDesc(XmlElement.of("desc", XmlElement.of("channels", channels), binning));
    }

    /** What the decision path reads: spike counts per unit, channel labels the unit ids. */
    public StreamDescription binsDescription() { return StreamDescriptions.of(binsInfo(), null, true); }

    /** A new binner for this layout. */
    public SpikeBinner binner() { return new SpikeBinner(binSeconds, latencySeconds, units.size()); }

    /** True when the unit id is text (a string stream). */
    public boolean textIds() { return events.channelFormat() == ChannelFormat.STRING; }
}
