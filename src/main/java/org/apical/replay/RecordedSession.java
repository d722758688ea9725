package org.apical.replay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apical.core.UserException;
import org.apical.config.Definitions;
import org.apical.recording.SessionRecorder;
import org.apical.stream.ChannelFormat;
import java.io.IOException;
import org.apical.stream.StreamInfo;
import org.apical.xdf.XdfFile;
import org.apical.xdf.XdfFormatException;
import org.apical.xdf.XdfMappedFile;
import org.apical.xdf.XdfReadOptions;
import org.apical.xdf.XdfSampleCursor;
import org.apical.xdf.XdfReader;
import org.apical.xdf.XdfStream;

/**
 * A session file written by {@link SessionRecorder}: the recorded input stream, what the decoder and the task made of
 * every frame, the task events, and the definitions the session ran with.
 *
 * @param mapped the mapped file the input's values are read from ({@link #open}), or null when read whole
 */
public record RecordedSession(Path file, XdfFile xdf, XdfStream input, XdfStream decoder, XdfStream events,
                              XdfStream config, XdfMappedFile mapped) implements AutoCloseable {

    public static RecordedSession read(Path file) { return read(file, null); }

    /**
     * @param inputName the input stream's name, for a file with several numeric streams (a LabRecorder file); null:
     *                  the first numeric stream that is not one of Apical's own
     */
    public static RecordedSession read(Path file, String inputName) {
        XdfFile xdf = XdfReader.readNamed(file);
        return of(file, xdf, inputIndex(file, xdf.streams().stream().map(XdfStream::header).toList(), inputName),
                null);
    }

    /**
     * The session as {@link #read} gives it, except that the input's values stay in the mapped file: {@link #input()}
     * holds its timestamps and empty values, and {@link #inputCursor()} decodes them frame by frame, so a replay needs
     * no whole-stream array and reads the file while the pipeline works. A gzip file, or one whose damage the whole
     * reader reports, or a spike-event input (binned whole), is read whole (then {@link #mapped()} is null). Close it
     * after the replay.
     */
    public static RecordedSession open(Path file) {
        XdfMappedFile mapped;
        try {
            mapped = XdfMappedFile.open(file);
        } catch (XdfFormatException e) {
            return read(file); // the whole reader's error (or its recovery), worded as it words it
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserException(file + ": no such file");
        } catch (IOException e) {
            throw new UserException(file + ": cannot read it as XDF: " + e.getMessage());
        }
        if (mapped == null) return read(file);
        try {
            int input = inputIndex(file, mapped.streams(), null);
            StreamInfo h = mapped.streams().get(input);
            if (h.channelFormat() == ChannelFormat.STRING || org.apical.spikes.RecordedSpikeEvents.isEvents(h)) {
                // spike events are binned from the whole stream before a decoder reads them
                mapped.close();
                return read(file);
            }
            return of(file, mapped.read(XdfReadOptions.defaults(), input), input, mapped);
        } catch (XdfFormatException e) {
            mapped.close();
            return read(file);
        } catch (RuntimeException e) {
            mapped.close();
            throw e;
        }
    }

    /**
     * Which stream is the input (its position in {@code headers}); a clear error when none is. A spike-event session's
     * bins (the stream its decoder saw) are the input wherever they are; otherwise the first wanted stream.
     */
    private static int inputIndex(Path file, List<StreamInfo> headers, String inputName) {
        int input = -1;
        for (int i = 0; i < headers.size(); i++) {
            StreamInfo h = headers.get(i);
            if (apicalOwn(h.name())) continue;
            if (h.name().equals(org.apical.stream.ApicalStreams.SPIKE_BINS)) {
                if (inputName == null || inputName.equals(h.name())) input = i;
                continue;
            }
            boolean numeric = h.channelFormat() != ChannelFormat.STRING;
            boolean wanted = inputName == null ? numeric && !org.apical.stream.ApicalStreams.own(h.name())
                    : h.name().equals(inputName);
            if (input < 0 && wanted) input = i;
        }
        List<String> names = headers.stream().map(StreamInfo::name).toList();
        if (inputName != null && input < 0) {
            throw new UserException(file + ": has no stream '" + inputName + "' (streams: " + names + ")");
        }
        if (input >= 0 && headers.get(input).channelFormat() == ChannelFormat.STRING
                && !org.apical.spikes.RecordedSpikeEvents.isEvents(headers.get(input))) {
            throw new UserException(file + ": stream '" + inputName + "' holds text markers, not numeric activity");
        }
        if (input < 0) throw new UserException(file + ": holds no numeric input stream to replay (streams: " + names + ")");
        return input;
    }

    private static boolean apicalOwn(String name) {
        return switch (name) {
            case SessionRecorder.DECODER, SessionRecorder.EVENTS, SessionRecorder.CONFIG, SessionRecorder.REWARDS,
                 "apical-recorder" -> true;
            default -> false;
        };
    }

    private static RecordedSession of(Path file, XdfFile xdf, int inputIndex, XdfMappedFile mapped) {
        XdfStream decoder = null, events = null, config = null;
        for (XdfStream s : xdf.streams()) {
            switch (s.name()) {
                case SessionRecorder.DECODER -> decoder = s;
                case SessionRecorder.EVENTS -> events = s;
                case SessionRecorder.CONFIG -> config = s;
                default -> { }
            }
        }
        return new RecordedSession(file, xdf, xdf.streams().get(inputIndex), decoder, events, config, mapped);
    }

    /**
     * A cursor over the input's values in the mapped file (one per replay: it is not thread-safe); null when the
     * session was read whole ({@link #mapped()} null), whose input holds its values.
     */
    public XdfSampleCursor inputCursor() {
        return mapped == null ? null : mapped.cursor(xdf.streams().indexOf(input));
    }

    @Override public void close() {
        if (mapped != null) mapped.close();
    }

    /** True when the input is a spike-event stream (one sample per spike), to be binned before a decoder reads it. */
    public boolean inputIsSpikeEvents() { return org.apical.spikes.RecordedSpikeEvents.isEvents(input); }

    /**
     * The same session with its spike-event input binned as a live session bins it ({@link
     * org.apical.spikes.RecordedSpikeEvents}): by {@code spec} (the rig's input section; null: the defaults).
     */
    public RecordedSession withEventsBinned(org.apical.config.InputSection.SpikeEvents spec) {
        var layout = org.apical.spikes.RecordedSpikeEvents.layout(input, spec, file.toString());
        XdfStream decided = null;
        for (XdfStream s : xdf.streams()) {
            if (s.name().equals(org.apical.stream.ApicalStreams.SPIKE_BINS) && s.samples() > 0) decided = s;
        }
        if (decided == null) return new RecordedSession(file, xdf, org.apical.spikes.RecordedSpikeEvents.bin(input,
                layout), decoder, events, config, null);
        // a session's own events: on its grid, the bins of the time it decided on, so its decisions can be compared
        double[] ends = decided.timestamps();
        XdfStream binned = org.apical.spikes.RecordedSpikeEvents.between(
                org.apical.spikes.RecordedSpikeEvents.bin(input, layout, ends[0] - layout.binSeconds() / 2),
                ends[0], ends[ends.length - 1]);
        return new RecordedSession(file, xdf, binned, decoder, events, config, null);
    }

    /** The definitions recorded in the file; null when it holds none (not an Apical session file). */
    public Definitions definitions() {
        if (config == null || config.samples() == 0) return null;
        return Definitions.parse(config.string(0, 0), file + "#rig", config.string(0, 1), file + "#decoder",
                config.string(0, 2), file + "#stimulus");
    }

    /** Definition text {@code i} (0 rig, 1 decoder, 2 stimulus) as recorded, or null. */
    public String definitionText(int i) {
        return config == null || config.samples() == 0 ? null : config.string(0, i);
    }

    public String recordedVersion() {
        return config == null || config.samples() == 0 ? null : config.string(0, 3);
    }

    /** Event markers in order (empty when the file has none). */
    public List<String> eventMarkers() {
        List<String> out = new ArrayList<>();
        if (events != null) for (int i = 0; i < events.samples(); i++) out.add(events.string(i, 0));
        return out;
    }

    public boolean truncated() { return xdf.truncated(); }
}
