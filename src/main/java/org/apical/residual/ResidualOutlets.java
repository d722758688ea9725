package org.apical.residual;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apical.lsl.Draining;
import org.apical.lsl.LslConfig;
import org.apical.lsl.LslBackend;
import org.apical.lsl.SampleOutlet;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.XmlElement;

/**
 * The residuals on LSL: {@value #TRACES} (one residual per neuron at the frame rate, channels labelled by neuron id
 * with their role; float32, which dF/F needs no more than, so that a recording of 1,000 pairs grows by 120 kB/s, not
 * 240) and {@value #EVENTS} (string markers, one per event, stamped with the soma's peak). Outlets never block.
 */
public final class ResidualOutlets implements ResidualOutput, Draining {
    public static final String TRACES = org.apical.stream.ApicalStreams.RESIDUALS;
    public static final String EVENTS = org.apical.stream.ApicalStreams.RESIDUAL_EVENTS;

    private final SampleOutlet traces;
    private final SampleOutlet events;
    private final String[] marker = new String[1];

    public ResidualOutlets(String sessionName, double rate, Pairs pairs, LslConfig config) throws IOException {
        this(sessionName, rate, pairs, config, LslBackend.JAVA);
    }

    /** The same outlets on the given backend (liblsl's with the native one). */
    public ResidualOutlets(String sessionName, double rate, Pairs pairs, LslConfig config, LslBackend backend)
            throws IOException {
        traces = backend.outlet(tracesInfo(rate, pairs, "apical-residuals-" + sessionName, false), 60, config);
        events = backend.outlet(eventsInfo("apical-residual-events-" + sessionName, false), 360, config);
    }

    /** The residual trace stream's info (shared with the recording, so both describe it alike). */
    public static StreamInfo tracesInfo(double rate, Pairs pairs, String sourceId, boolean recorded) {
        List<XmlElement> channels = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            channels.add(XmlElement.of("channel", XmlElement.text("label", "residual-" + pairs.neurons()[i]),
                    XmlElement.text("neuron", pairs.neurons()[i]), XmlElement.text("role", pairs.roleOf(i)),
                    XmlElement.text("unit", "dF/F")));
        }
        XmlElement desc = XmlElement.of("desc", XmlElement.text("producer", "Apical"),
                XmlElement.text("meaning", "dendrite dF/F minus slope x soma dF/F (each pair's event fit); NaN before"
                        + " the pair has a fit"), XmlElement.of("channels", channels));
        int n = Math.max(1, pairs.size());
        StreamInfo info = recorded
                ? StreamInfo.recorded(TRACES, "Residuals", n, rate, ChannelFormat.FLOAT32, sourceId)
                : StreamInfo.create(TRACES, "Residuals", n, rate, ChannelFormat.FLOAT32, sourceId);
        return info.withDesc(desc);
    }

    public static StreamInfo eventsInfo(String sourceId, boolean recorded) {
        XmlElement desc = XmlElement.of("desc", XmlElement.text("producer", "Apical"), XmlElement.text("format",
                "residual_event neuron=ID role=plus|minus|none soma=S dendrite=D predicted=P residual=R"
                        + " class=reference|amplified|attenuated|neither coincident=true|false frame=N"));
        StreamInfo info = recorded
                ? StreamInfo.recorded(EVENTS, "Markers", 1, 0, ChannelFormat.STRING, sourceId)
                : StreamInfo.create(EVENTS, "Markers", 1, StreamInfo.IRREGULAR_RATE, ChannelFormat.STRING, sourceId);
        return info.withDesc(desc);
    }

    @Override public void onFrame(double timestamp, double[] trace) {
        if (trace.length > 0) traces.pushSample(trace, timestamp);
    }

    @Override public void onEvent(ResidualEvent event, String text) {
        marker[0] = text;
        events.pushSample(marker, event.time());
    }

    public int consumers() { return Math.min(traces.consumerCount(), events.consumerCount()); }

    @Override public void beginClose() {
        traces.beginClose();
        events.beginClose();
    }

    @Override public void close() {
        beginClose();
        traces.close();
        events.close();
    }
}
