package org.apical.recording;

import com.lmax.disruptor.EventHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apical.config.Definitions;
import org.apical.core.TaskEvent;
import org.apical.stream.ApicalStreams;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.XmlElement;
import org.apical.xdf.Recorder;
import org.apical.xdf.RecorderOptions;
import org.apical.xdf.RecorderStats;
import org.apical.xdf.XdfWriter;
import org.apical.core.Frame;
import org.apical.core.StreamDescription;
import org.apical.core.DecoderRow;
import org.apical.pipeline.LiveView;
import org.apical.residual.Pairs;
import org.apical.residual.ResidualEvent;
import org.apical.residual.ResidualOutlets;
import org.apical.residual.ResidualOutput;

/**
 * Side consumer that records the session to XDF: the input stream exactly as received (its full info with the channel
 * map, float values, source timestamps), what the decoder and the task made of every frame ({@value #DECODER}), every
 * task event ({@value #EVENTS}), every approved reward ({@value #REWARDS}) and the definitions the session ran with
 * ({@value #CONFIG}: the YAML texts as loaded, their SHA-256 and Apical's version), so a file describes itself and can
 * be replayed. It only copies into the xdf {@link Recorder}'s ring (its own writer thread does the I/O); a recorder
 * that falls behind counts what it could not take, and the summary reports it.
 */
public final class SessionRecorder implements EventHandler<Frame>, AutoCloseable {
    public static final String DECODER = ApicalStreams.DECODER;
    public static final String EVENTS = ApicalStreams.EVENTS;
    public static final String REWARDS = ApicalStreams.REWARDS;
    public static final String CONFIG = ApicalStreams.CONFIG;
    /** Channels of {@value #CONFIG}: the three definitions, then Apical's version. */
    public static final String[] CONFIG_CHANNELS = {"rig", "decoder", "stimulus", "apical_version"};

    private final Path file;
    private final Recorder recorder;
    private final int input;
    private final int decoder;
    private final int events;
    private final int rewards;
    private final int config;
    private final String[] configSample;
    private final double[] values = new double[DecoderRow.CHANNELS.length];
    private final boolean lossless;
    private boolean configWritten;
    private volatile long framesSkipped;
    private LiveView view;
    private long droppedShown;
    private RecorderStats finalStats;
    /** Channels of {@value ApicalStreams#LIGHT}: one sample per pulse, refusal or condition change. */
    public static final String[] LIGHT_CHANNELS = {"frame", "light_on", "pulse_ms", "cause"};
    private final int light;
    private final double[] lightSample = new double[LIGHT_CHANNELS.length];
    private int lastCondition = -1;

    /**
     * @param lossless wait for room in the recorder instead of counting a loss: for sessions with no real-time deadline
     *                 (an unpaced simulation or replay), where waiting only slows the run down
     */
    public SessionRecorder(Path file, Definitions defs, StreamDescription in, String version, boolean lossless)
            throws IOException {
        this.file = file;
        this.lossless = lossless;
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        recorder = Recorder.start(XdfWriter.create(file), RecorderOptions.defaults());
        input = recorder.addStream(in.info());
        decoder = recorder.addStream(StreamInfo.recorded(DECODER, "Decoder", DecoderRow.CHANNELS.length,
                in.nominalRate(), ChannelFormat.DOUBLE64, "apical-decoder")
                .withDesc(XmlElement.of("desc", channels(DecoderRow.CHANNELS), stateCodes())));
        events = recorder.addStream(StreamInfo.recorded(EVENTS, "Markers", 1, 0, ChannelFormat.STRING, "apical-events"));
        rewards = recorder.addStream(StreamInfo.recorded(REWARDS, "Markers", 1, 0, ChannelFormat.STRING, "apical-rewards"));
        String[] texts = {defs.rig().text(), defs.decoder().text(), defs.stimulus().text()};
        String[] names = {defs.rig().file(), defs.decoder().file(), defs.stimulus().file()};
        List<XmlElement> definitions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            definitions.add(XmlElement.of(CONFIG_CHANNELS[i], XmlElement.text("file", names[i]),
                    XmlElement.text("sha256", sha256(texts[i]))));
        }
        definitions.add(XmlElement.text("apical_version", version));
        config = recorder.addStream(StreamInfo.recorded(CONFIG, "Configuration", CONFIG_CHANNELS.length, 0,
                ChannelFormat.STRING, "apical-config").withDesc(XmlElement.of("desc", XmlElement.of("definitions", definitions))));
        configSample = new String[] {texts[0], texts[1], texts[2], version};
        light = defs.rig().light().enabled() ? recorder.addStream(StreamInfo.recorded(ApicalStreams.LIGHT, "Light",
                LIGHT_CHANNELS.length, 0, ChannelFormat.DOUBLE64, "apical-light").withDesc(XmlElement.of("desc",
                channels(LIGHT_CHANNELS), XmlElement.text("mode", defs.rig().light().mode().label()),
                XmlElement.text("schedule", defs.rig().light().schedule().label()),
                XmlElement.text("causes", "1 every_frame, 2 hit, 3 refused by the rig's bounds")))) : -1;
    }

    /**
     * Adds {@value ApicalStreams#LICKS} and returns the sink the lick book appends to from its own thread: one
     * sample per lick, stamped with the lick's time, holding the running count.
     */
    public org.apical.light.LickBook.Sink lickSink() throws IOException {
        int licks = recorder.addStream(StreamInfo.recorded(ApicalStreams.LICKS, "Licks", 1, 0, ChannelFormat.DOUBLE64,
                "apical-licks").withDesc(XmlElement.of("desc", channels(new String[] {"count"}))));
        double[] sample = new double[1];
        return (timestamp, count) -> {
            awaitRoom();
            synchronized (sample) {
                sample[0] = count;
                recorder.appendNumeric(licks, timestamp, sample);
            }
        };
    }

    private static XmlElement stateCodes() {
        List<XmlElement> states = new ArrayList<>();
        for (var s : org.apical.core.TaskState.values()) {
            states.add(XmlElement.of("state", XmlElement.text("code", Integer.toString(s.ordinal())),
                    XmlElement.text("name", s.toString())));
        }
        return XmlElement.of("state_codes", states);
    }

    /** {@code <channels>} with one labelled {@code <channel>} per name. */
    private static XmlElement channels(String[] labels) {
        List<XmlElement> channels = new ArrayList<>();
        for (String c : labels) channels.add(XmlElement.of("channel", XmlElement.text("label", c)));
        return XmlElement.of("channels", channels);
    }

    @Override public void onEvent(Frame f, long sequence, boolean endOfBatch) {
        if (f.endOfStream) return;
        if (lossless) {
            while (!recorder.hasCapacity(6 + f.eventCount * 2)) java.util.concurrent.locks.LockSupport.parkNanos(50_000);
        }
        if (!configWritten) {
            // flushed at once, ahead of any input: a file cut short by a crash still says how to replay it
            recorder.appendStrings(config, f.timestamp, configSample);
            recorder.requestFlush();
            configWritten = true;
        }
        if (f.skippedBefore > 0) {
            // this recorder fell a whole ring behind a live session: the frames are gone, and the file says so
            framesSkipped += f.skippedBefore;
            recorder.appendStrings(events, f.timestamp, "recording_gap frames=" + f.skippedBefore + " before_frame="
                    + f.sequence);
        }
        long dropped = recorder.droppedSamples();
        if (view != null && (f.skippedBefore > 0 || dropped != droppedShown)) {
            droppedShown = dropped;
            view.setRecording("recording → " + status());
        }
        if (f.gapBefore > 0) {
            recorder.appendStrings(events, f.timestamp, "input_gap missing=" + f.gapBefore + " before_frame="
                    + f.sequence);
        }
        recorder.appendNumeric(input, f.timestamp, f.raw);
        DecoderRow.fill(f, values);
        recorder.appendNumeric(decoder, f.timestamp, values);
        if (light >= 0) recordLight(f);
        for (int i = 0; i < f.eventCount; i++) {
            TaskEvent e = f.events[i];
            recorder.appendStrings(events, f.timestamp, TaskEvent.marker(e));
            if (e instanceof TaskEvent.RewardGiven g) {
                recorder.appendStrings(rewards, f.timestamp, String.format(Locale.ROOT,
                        "reward trial=%d volume_ul=%s frame=%d%s", g.trial(), g.volumeUl(), g.frame(),
                        g.manual() ? " manual" : ""));
            }
        }
    }

    private void recordLight(Frame f) {
        int condition = f.lightOn ? 1 : 0;
        boolean changed = condition != lastCondition;
        if (changed) {
            recorder.appendStrings(events, f.timestamp, "light_condition " + (f.lightOn ? "on" : "off") + " trial="
                    + f.trial + " frame=" + f.sequence);
            lastCondition = condition;
        }
        if (!changed && f.lightCause == Frame.LIGHT_NONE) return;
        lightSample[0] = f.sequence;
        lightSample[1] = condition;
        lightSample[2] = f.lightMs;
        lightSample[3] = f.lightCause;
        recorder.appendNumeric(light, f.timestamp, lightSample);
    }

    /** Channels of {@value #STIMULUS}, one sample per drawn display frame. */
    public static final String STIMULUS = ApicalStreams.STIMULUS;
    public static final String[] STIMULUS_CHANNELS = {"display_frame", "pipeline_frame", "arrival_ns", "drawn_ns",
            "angle", "display", "photodiode"};
    private int stimulus = -1;
    private final double[] drawn = new double[STIMULUS_CHANNELS.length];

    /**
     * Adds the stimulus window's draw log as a stream: per drawn display frame, which pipeline frame it showed and
     * when (System.nanoTime() of arrival and of the draw), so stimulus latency and missed frames are in every file.
     * Samples are stamped with the draw time on this machine's LSL clock.
     */
    public synchronized void addStimulusStream(double refreshHz) throws IOException {
        stimulus = recorder.addStream(StreamInfo.recorded(STIMULUS, "StimulusLog", STIMULUS_CHANNELS.length, refreshHz,
                ChannelFormat.DOUBLE64, "apical-stimulus").withDesc(XmlElement.of("desc", channels(STIMULUS_CHANNELS))));
    }

    /** One drawn display frame (called by the thread that drains the draw log, never the decision thread). */
    public synchronized void appendDrawn(long displayFrame, long pipelineFrame, long arrivalNanos, long drawnNanos,
                                         double angle, int display, boolean photodiode) {
        if (stimulus < 0) return;
        drawn[0] = displayFrame;
        drawn[1] = pipelineFrame;
        drawn[2] = arrivalNanos;
        drawn[3] = drawnNanos;
        drawn[4] = angle;
        drawn[5] = display;
        drawn[6] = photodiode ? 1 : 0;
        recorder.appendNumeric(stimulus, drawnNanos / 1e9, drawn);
    }

    /**
     * Adds the residual streams ({@code ApicalResiduals}, {@code ApicalResidualEvents}, described as on LSL) and
     * returns the output that appends to them from the residual stage's thread.
     */
    public ResidualOutput residualOutput(Pairs pairs, double rate) throws IOException {
        int traces = recorder.addStream(ResidualOutlets.tracesInfo(rate, pairs, "apical-residuals", true));
        int events = recorder.addStream(ResidualOutlets.eventsInfo("apical-residual-events", true));
        return new ResidualOutput() {
            @Override public void onFrame(double timestamp, double[] trace) {
                if (trace.length == 0) return;
                awaitRoom();
                recorder.appendNumeric(traces, timestamp, trace);
            }

            @Override public void onEvent(ResidualEvent e, String marker) {
                awaitRoom();
                recorder.appendStrings(events, e.time(), marker);
            }
        };
    }

    /**
     * Adds a stream recorded as the source received it, beside the input the decoder saw (a spike-event stream beside
     * the bins made of it); samples go in with {@link #appendReceived} from the source's thread.
     */
    public int addReceivedStream(StreamInfo info) throws IOException { return recorder.addStream(info); }

    /** One received sample of a stream from {@link #addReceivedStream} (copied; never waits live). */
    public void appendReceived(int stream, double timestamp, double[] sample) {
        awaitRoom();
        recorder.appendNumeric(stream, timestamp, sample);
    }

    /** The same for a string stream. */
    public void appendReceived(int stream, double timestamp, String[] sample) {
        awaitRoom();
        recorder.appendStrings(stream, timestamp, sample);
    }

    /**
     * Adds a stream whose large samples are lent rather than copied ({@link #appendLent}): the raw imaging frames
     * ({@code frames.record_raw}).
     */
    public int addLentStream(StreamInfo info) throws IOException { return recorder.addStream(info); }

    /**
     * Samples of a stream from {@link #addLentStream}, lent as one record; false (the caller keeps them and counts the
     * loss) when a live recording's ring is full. An offline recording waits for room.
     */
    public boolean appendLent(int stream, double[] timestamps, int samples, org.apical.xdf.LentSamples values) {
        awaitRoom();
        return recorder.appendLent(stream, timestamps, samples, values);
    }

    /** True for an offline recording, which waits for room rather than lose anything. */
    public boolean waitsForRoom() { return lossless; }

    /** Offline (lossless) recordings wait for room instead of losing a sample; live ones never wait. */
    private void awaitRoom() {
        if (lossless) {
            while (!recorder.hasCapacity(8)) java.util.concurrent.locks.LockSupport.parkNanos(50_000);
        }
    }

    /** Shows the recording's state on the console, updated whenever something could not be recorded. */
    public void reportTo(LiveView view) {
        this.view = view;
        view.setRecording("recording → " + file);
    }

    public Path file() { return file; }

    public RecorderStats stats() { return finalStats != null ? finalStats : recorder.stats(); }

    /** Frames of a live session this recorder never saw because its thread fell a whole ring behind. */
    public long framesSkipped() { return framesSkipped; }

    /** True when every frame and sample reached the file. */
    public boolean lossless() { return stats().lossless() && framesSkipped == 0; }

    /** One line for the console and the summary. */
    public String status() {
        RecorderStats s = stats();
        return file + ": " + s.samplesWritten() + " samples written" + (s.droppedSamples() > 0 ? ", " + s.droppedSamples()
                + " NOT RECORDED (the disk fell behind)" : "") + (framesSkipped > 0 ? ", " + framesSkipped
                + " frames NOT RECORDED (the recorder fell a ring behind; marked recording_gap in " + EVENTS + ")" : "");
    }

    /** What the session's --json reports as {@code recording}. */
    public Report report() {
        RecorderStats s = stats();
        return new Report(file, s.samplesWritten(), s.droppedSamples(), framesSkipped, s.bytesWritten());
    }

    /** What reached the file, and what did not. */
    public record Report(Path file, long samples, long dropped, long framesSkipped, long bytes) {}

    @Override public void close() throws IOException {
        if (finalStats == null) finalStats = recorder.finish();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
