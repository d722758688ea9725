package org.apical.replay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apical.core.UserException;
import org.apical.config.Definitions;
import org.apical.recording.SessionRecorder;
import org.apical.stream.ChannelFormat;
import org.apical.xdf.XdfFile;
import org.apical.xdf.XdfReader;
import org.apical.xdf.XdfStream;

/**
 * A session file written by {@link SessionRecorder}: the recorded input stream, what the decoder and the task made of
 * every frame, the task events, and the definitions the session ran with.
 */
public record RecordedSession(Path file, XdfFile xdf, XdfStream input, XdfStream decoder, XdfStream events,
                              XdfStream config) {

    public static RecordedSession read(Path file) { return read(file, null); }

    /**
     * @param inputName the input stream's name, for a file with several numeric streams (a LabRecorder file); null:
     *                  the first numeric stream that is not one of Apical's own
     */
    public static RecordedSession read(Path file, String inputName) {
        XdfFile xdf = XdfReader.readNamed(file);
        XdfStream input = null, decoder = null, events = null, config = null;
        List<String> others = new ArrayList<>();
        for (XdfStream s : xdf.streams()) {
            switch (s.name()) {
                case SessionRecorder.DECODER -> decoder = s;
                case SessionRecorder.EVENTS -> events = s;
                case SessionRecorder.CONFIG -> config = s;
                case SessionRecorder.REWARDS, "apical-recorder" -> { }
                // a spike-event session: the bins its decoder saw are the input, the raw events are kept beside them
                case org.apical.stream.ApicalStreams.SPIKE_BINS -> {
                    if (inputName == null || inputName.equals(s.name())) {
                        if (input != null) others.add(input.name());
                        input = s;
                    }
                }
                default -> {
                    boolean numeric = s.header().channelFormat() != ChannelFormat.STRING;
                    boolean wanted = inputName == null ? numeric && !org.apical.stream.ApicalStreams.own(s.name())
                            : s.name().equals(inputName);
                    if (input == null && wanted) input = s;
                    else others.add(s.name());
                }
            }
        }
        if (inputName != null && input == null) {
            throw new UserException(file + ": has no stream '" + inputName + "' (streams: "
                    + xdf.streams().stream().map(XdfStream::name).toList() + ")");
        }
        boolean spikeEvents = input != null && org.apical.spikes.RecordedSpikeEvents.isEvents(input);
        if (input != null && input.header().channelFormat() == ChannelFormat.STRING && !spikeEvents) {
            throw new UserException(file + ": stream '" + inputName + "' holds text markers, not numeric activity");
        }
        if (input == null) {
            throw new UserException(file + ": holds no numeric input stream to replay (streams: "
                    + xdf.streams().stream().map(XdfStream::name).toList() + ")");
        }
        return new RecordedSession(file, xdf, input, decoder, events, config);
    }

    /** True when the input is a spike-event stream (one sample per spike), to be binned before a decoder reads it. */
    public boolean inputIsSpikeEvents() { return org.apical.spikes.RecordedSpikeEvents.isEvents(input); }

    /**
     * The same session with its spike-event input binned as a live session bins it ({@link
     * org.apical.spikes.RecordedSpikeEvents}): by {@code spec} (the rig's input section; null: the defaults).
     */
    public RecordedSession withEventsBinned(org.apical.config.InputSection.SpikeEvents spec) {
        var layout = org.apical.spikes.RecordedSpikeEvents.layout(input, spec, file.toString());
        XdfStream binned = org.apical.spikes.RecordedSpikeEvents.bin(input, layout);
        // a session's own events: the bins of the time it decided on, so its decisions can be compared
        for (XdfStream s : xdf.streams()) {
            if (s.name().equals(org.apical.stream.ApicalStreams.SPIKE_BINS) && s.samples() > 0) {
                binned = org.apical.spikes.RecordedSpikeEvents.between(binned, s.timestamps()[0],
                        s.timestamps()[s.samples() - 1]);
            }
        }
        return new RecordedSession(file, xdf, binned, decoder, events, config);
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
