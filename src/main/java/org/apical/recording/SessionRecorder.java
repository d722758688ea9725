package org.apical.recording;

import com.lmax.disruptor.EventHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.apical.core.Json;
import org.apical.config.Definitions;
import org.apical.core.TaskEvent;
import org.apical.xdf.ChannelFormat;
import org.apical.xdf.Recorder;
import org.apical.xdf.RecorderOptions;
import org.apical.xdf.RecorderStats;
import org.apical.xdf.StreamMeta;
import org.apical.xdf.XdfWriter;
import org.apical.core.Frame;
import org.apical.core.StreamDescription;
import org.apical.core.DecoderRow;
import org.apical.pipeline.LiveView;

/**
 * Side consumer that records the session to XDF: the input stream exactly as received (its full info with the channel
 * map, float values, source timestamps), what the decoder and the task made of every frame ({@value #DECODER}), every
 * task event ({@value #EVENTS}), every approved reward ({@value #REWARDS}) and the definitions the session ran with
 * ({@value #CONFIG}: the YAML texts as loaded, their SHA-256 and Apical's version), so a file describes itself and can
 * be replayed. It only copies into the xdf {@link Recorder}'s ring (its own writer thread does the I/O); a recorder
 * that falls behind counts what it could not take, and the summary reports it.
 */
public final class SessionRecorder implements EventHandler<Frame>, AutoCloseable {
    public static final String DECODER = "ApicalDecoder";
    public static final String EVENTS = "ApicalEvents";
    public static final String REWARDS = "ApicalRewards";
    public static final String CONFIG = "ApicalConfig";
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
        input = recorder.addStream(StreamMeta.fromInfoXml(in.infoXml()));
        StringBuilder channels = new StringBuilder("<channels>");
        for (String c : DecoderRow.CHANNELS) channels.append("<channel><label>").append(c).append("</label></channel>");
        channels.append("</channels>");
        decoder = recorder.addStream(StreamMeta.of(DECODER, "Decoder", DecoderRow.CHANNELS.length,
                ChannelFormat.DOUBLE64, in.nominalRate(), "apical-decoder", channels + "<state_codes>"
                        + stateCodes() + "</state_codes>"));
        events = recorder.addStream(StreamMeta.of(EVENTS, "Markers", 1, ChannelFormat.STRING, 0, "apical-events"));
        rewards = recorder.addStream(StreamMeta.of(REWARDS, "Markers", 1, ChannelFormat.STRING, 0, "apical-rewards"));
        String[] texts = {defs.rig().text(), defs.decoder().text(), defs.stimulus().text()};
        String[] names = {defs.rig().file(), defs.decoder().file(), defs.stimulus().file()};
        StringBuilder desc = new StringBuilder("<definitions>");
        for (int i = 0; i < 3; i++) {
            desc.append("<").append(CONFIG_CHANNELS[i]).append("><file>").append(escape(names[i])).append("</file><sha256>")
                    .append(sha256(texts[i])).append("</sha256></").append(CONFIG_CHANNELS[i]).append(">");
        }
        desc.append("<apical_version>").append(escape(version)).append("</apical_version></definitions>");
        config = recorder.addStream(StreamMeta.of(CONFIG, "Configuration", CONFIG_CHANNELS.length, ChannelFormat.STRING,
                0, "apical-config", desc.toString()));
        configSample = new String[] {texts[0], texts[1], texts[2], version};
    }

    private static String stateCodes() {
        StringBuilder b = new StringBuilder();
        for (var s : org.apical.core.TaskState.values()) {
            b.append("<state><code>").append(s.ordinal()).append("</code><name>").append(s).append("</name></state>");
        }
        return b.toString();
    }

    @Override public void onEvent(Frame f, long sequence, boolean endOfBatch) {
        if (f.endOfStream) return;
        if (lossless) {
            while (!recorder.hasCapacity(6 + f.eventCount * 2)) java.util.concurrent.locks.LockSupport.parkNanos(50_000);
        }
        if (!configWritten) {
            recorder.appendStrings(config, f.timestamp, configSample);
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

    /** Channels of {@value #STIMULUS}, one sample per drawn display frame. */
    public static final String STIMULUS = "ApicalStimulus";
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
        StringBuilder channels = new StringBuilder("<channels>");
        for (String c : STIMULUS_CHANNELS) channels.append("<channel><label>").append(c).append("</label></channel>");
        stimulus = recorder.addStream(StreamMeta.of(STIMULUS, "StimulusLog", STIMULUS_CHANNELS.length,
                ChannelFormat.DOUBLE64, refreshHz, "apical-stimulus", channels + "</channels>"));
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

    /** {@code recording} in the session's --json: file, samples, dropped, bytes. */
    public Map<String, Object> json() {
        RecorderStats s = stats();
        Map<String, Object> m = Json.object();
        m.put("file", file.toString());
        m.put("samples", s.samplesWritten());
        m.put("dropped", s.droppedSamples());
        m.put("frames_skipped", framesSkipped);
        m.put("bytes", s.bytesWritten());
        return m;
    }

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

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
