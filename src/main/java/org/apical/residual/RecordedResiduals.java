package org.apical.residual;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apical.config.Definitions;
import org.apical.config.ResidualSection;
import org.apical.core.DecoderRow;
import org.apical.core.StreamDescription;
import org.apical.core.TaskState;
import org.apical.core.UserException;
import org.apical.lsl.StreamDescriptions;
import org.apical.stream.ApicalStreams;
import org.apical.xdf.XdfFile;
import org.apical.xdf.XdfReader;
import org.apical.xdf.XdfStream;

/**
 * A recording's soma–dendrite events, found by running the same {@link ResidualTracker} as the live stage over the
 * recorded input, with everything the offline analyses need beside them: each pair's smoothed dF/F per frame, the
 * reference period (the task's baseline where the file has Apical's decoder stream, else the first
 * {@code referenceSeconds}), the angular error to the target and the trial outcomes (Apical sessions only).
 * Works on any XDF whose numeric stream carries the channel map ({@code type} soma/dendrite, {@code neuron}).
 */
public record RecordedResiduals(Path file, String streamName, double rateHz, Pairs pairs, ResidualSection settings,
                                double[] times, float[][] somaDff, float[][] dendriteDff, boolean[] reference,
                                double[] errorDeg, List<Outcome> outcomes, List<ResidualEvent> events,
                                double[] somaNoise, boolean hasTask, List<Marker> markers) {

    /** A string sample of any marker stream in the file (Apical's events, a LabRecorder marker stream). */
    public record Marker(double time, String stream, String text) {}

    /**
     * Reads {@code file}. {@code rigText}, when not null, supplies the residual settings (a rig file); otherwise the
     * recorded rig's, else the defaults. {@code referenceSeconds} is used only when the file has no task baseline.
     */
    public static RecordedResiduals read(Path file, ResidualSection override, double referenceSeconds,
                                         Progress progress) {
        XdfFile xdf = XdfReader.readNamed(file);
        XdfStream input = null, decoder = null, events = null, config = null;
        for (XdfStream s : xdf.streams()) {
            switch (s.name()) {
                case ApicalStreams.DECODER -> decoder = s;
                case ApicalStreams.EVENTS -> events = s;
                case ApicalStreams.CONFIG -> config = s;
                default -> {
                    if (input == null && !ApicalStreams.own(s.name()) && s.header().channelFormat().isNumeric()
                            && s.samples() > 0) {
                        input = s;
                    }
                }
            }
        }
        if (input == null) {
            throw new UserException(file + ": holds no numeric input stream with samples (streams: "
                    + xdf.streams().stream().map(XdfStream::name).toList() + ")");
        }
        Definitions defs = null;
        if (config != null && config.samples() > 0) {
            defs = Definitions.parse(config.string(0, 0), file + "#rig", config.string(0, 1), file + "#decoder",
                    config.string(0, 2), file + "#stimulus");
        }
        int[][] pairsOverride = defs == null ? null : defs.rig().input().pairs();
        StreamDescription description = StreamDescriptions.of(input.header(), pairsOverride, false);
        if (description.pairCount() == 0) {
            throw new UserException(file + ": stream '" + input.name() + "' has no soma–dendrite pairs: its channel"
                    + " map (desc/channels/channel) names no channel of type 'soma' and one of type 'dendrite' with the"
                    + " same 'neuron', and no rig input.pairs lists them");
        }
        ResidualSection cfg = override != null ? override : defs != null ? defs.rig().residuals()
                : ResidualSection.defaults();
        Pairs pairs = Pairs.of(description, defs == null ? null : defs.decoder());
        double rate = input.header().nominalSrate() > 0 ? input.header().nominalSrate() : estimateRate(input);
        int frames = input.samples();
        int n = pairs.size();
        boolean hasTask = decoder != null && decoder.samples() == frames;
        double target = defs == null ? Double.NaN : defs.stimulus().targetAngle();

        double[] times = input.timestamps().clone();
        float[][] somaDff = new float[frames][n], dendriteDff = new float[frames][n];
        boolean[] reference = new boolean[frames];
        double[] error = new double[frames];
        double[] raw = new double[input.header().channelCount()];
        List<ResidualEvent> found = new ArrayList<>();
        ResidualTracker tracker = new ResidualTracker(cfg, rate, pairs.somas(), pairs.dendrites());
        double start = frames > 0 ? times[0] : 0;
        for (int t = 0; t < frames; t++) {
            for (int c = 0; c < raw.length; c++) raw[c] = input.value(t, c);
            boolean ref;
            if (hasTask) {
                int state = (int) decoder.value(t, DecoderRow.STATE);
                ref = state == TaskState.BASELINE.ordinal() || state < 0;
                double angle = decoder.value(t, DecoderRow.ANGLE);
                error[t] = state == TaskState.TRIAL.ordinal() && Double.isFinite(angle) && Double.isFinite(target)
                        ? orientationDistance(angle, target) : Double.NaN;
            } else {
                ref = times[t] - start < referenceSeconds;
                error[t] = Double.NaN;
            }
            reference[t] = ref;
            tracker.step(times[t], raw, ref, found::add);
            for (int p = 0; p < n; p++) {
                somaDff[t][p] = (float) tracker.somaDff(p);
                dendriteDff[t][p] = (float) tracker.dendriteDff(p);
            }
            if (progress != null && (t & 4095) == 0) progress.at(t, frames);
        }
        if (progress != null) progress.at(frames, frames);
        List<Marker> markers = new ArrayList<>();
        for (XdfStream s : xdf.streams()) {
            if (s.header().channelFormat().isNumeric()) continue;
            for (int i = 0; i < s.samples(); i++) markers.add(new Marker(s.timestamps()[i], s.name(), s.string(i, 0)));
        }
        markers.sort((a, b) -> Double.compare(a.time(), b.time()));
        List<Outcome> outcomes = new ArrayList<>();
        if (events != null) {
            for (int i = 0; i < events.samples(); i++) {
                String m = events.string(i, 0);
                if (m.startsWith("hit ")) outcomes.add(new Outcome(events.timestamps()[i], true));
                else if (m.startsWith("timeout ")) outcomes.add(new Outcome(events.timestamps()[i], false));
            }
        }
        double[] noise = new double[n];
        for (int p = 0; p < n; p++) noise[p] = tracker.somaNoise(p);
        return new RecordedResiduals(file, input.name(), rate, pairs, cfg, times, somaDff, dendriteDff, reference,
                error, outcomes, List.copyOf(found), noise, hasTask && !outcomes.isEmpty(), List.copyOf(markers));
    }

    /** Reports how far reading has come (frames done of total). */
    public interface Progress { void at(long done, long total); }

    private static double estimateRate(XdfStream s) {
        int n = s.samples();
        if (n < 2) throw new UserException("stream '" + s.name() + "' has fewer than two samples and no nominal rate");
        return (n - 1) / (s.timestamps()[n - 1] - s.timestamps()[0]);
    }

    static double orientationDistance(double a, double b) {
        double d = Math.abs(a - b) % 180;
        return Math.min(d, 180 - d);
    }

    public int frames() { return times.length; }

    /**
     * The frames {@code [from, to)} as a recording of their own (a block to compare with another): events, outcomes
     * and markers inside it, frame indices from 0. Its reference period is what remains of this one's in it.
     */
    public RecordedResiduals slice(int from, int to) {
        if (from < 0 || to > frames() || to - from < 2) {
            throw new IllegalArgumentException(file + ": frames " + from + " to " + to + " are not a block of the "
                    + frames() + " frames");
        }
        double t0 = times[from], t1 = to < frames() ? times[to] : Double.POSITIVE_INFINITY;
        List<ResidualEvent> inside = new ArrayList<>();
        for (ResidualEvent e : events) {
            if (e.frame() >= from && e.frame() < to) {
                inside.add(new ResidualEvent(e.pair(), e.frame() - from, e.time(), e.soma(), e.dendrite(),
                        e.predicted(), e.residual(), e.kind(), e.coincident()));
            }
        }
        return new RecordedResiduals(file, streamName, rateHz, pairs, settings,
                java.util.Arrays.copyOfRange(times, from, to), java.util.Arrays.copyOfRange(somaDff, from, to),
                java.util.Arrays.copyOfRange(dendriteDff, from, to), java.util.Arrays.copyOfRange(reference, from, to),
                java.util.Arrays.copyOfRange(errorDeg, from, to),
                outcomes.stream().filter(o -> o.time() >= t0 && o.time() < t1).toList(), List.copyOf(inside),
                somaNoise, hasTask, markers.stream().filter(m -> m.time() >= t0 && m.time() < t1).toList());
    }

    /**
     * The first frame at or after {@code split}: seconds from the start, or {@code marker:TEXT} for the first marker
     * (any string stream) whose text contains TEXT.
     */
    public int frameAt(String split) {
        double at;
        if (split.startsWith("marker:")) {
            String text = split.substring("marker:".length());
            Marker m = markers.stream().filter(x -> x.text().contains(text)).findFirst().orElseThrow(
                    () -> new UserException(file + ": no marker contains '" + text + "' (string streams: "
                            + markers.stream().map(Marker::stream).distinct().toList() + ")"));
            at = m.time();
        } else {
            try {
                at = times[0] + Double.parseDouble(split.replaceAll("\\s*s$", ""));
            } catch (NumberFormatException e) {
                throw new UserException("--split-at: expected seconds from the start (e.g. 1800) or marker:TEXT, got '"
                        + split + "'");
            }
        }
        int k = java.util.Arrays.binarySearch(times, at);
        k = k >= 0 ? k : -k - 1;
        if (k < 2 || k > frames() - 2) {
            throw new UserException(file + ": --split-at " + split + " falls at frame " + k + " of " + frames()
                    + ": each block needs frames of its own");
        }
        return k;
    }
}
