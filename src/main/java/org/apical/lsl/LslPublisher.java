package org.apical.lsl;

import com.lmax.disruptor.EventHandler;
import java.io.IOException;
import org.apical.core.TaskEvent;
import org.apical.core.Frame;
import org.apical.core.DecoderRow;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.XmlElement;

/**
 * Side consumer that publishes what Apical decides on LSL, stamped with each frame's own timestamp:
 * <ul>
 *   <li>{@code ApicalDecoder} (double64, the source's rate): a {@link DecoderRow} per frame;</li>
 *   <li>{@code ApicalEvents} (string markers, irregular): every task event, e.g. {@code hit trial=3 ...}.</li>
 * </ul>
 * Outlets never block, so a slow or absent consumer cannot hold the session up.
 */
public final class LslPublisher implements EventHandler<Frame>, Draining {
    public static final String[] CHANNELS = DecoderRow.CHANNELS;

    private final SampleOutlet decoder;
    private final SampleOutlet events;
    private final double[] values = new double[CHANNELS.length];
    private final String[] marker = new String[1];

    public LslPublisher(String sessionName, double rate, LslConfig config) throws IOException {
        this(sessionName, rate, config, LslBackend.JAVA);
    }

    /** The same streams as outlets of the given backend (liblsl's with the native one). */
    public LslPublisher(String sessionName, double rate, LslConfig config, LslBackend backend) throws IOException {
        XmlElement[] channels = new XmlElement[CHANNELS.length];
        for (int i = 0; i < CHANNELS.length; i++) {
            channels[i] = XmlElement.of("channel", XmlElement.text("label", CHANNELS[i]));
        }
        decoder = backend.outlet(StreamInfo.create("ApicalDecoder", "Decoder", CHANNELS.length, rate,
                ChannelFormat.DOUBLE64, "apical-decoder-" + sessionName)
                .withDesc(XmlElement.of("desc", XmlElement.text("producer", "Apical"),
                        XmlElement.of("channels", channels))), 60, config);
        SampleOutlet e;
        try {
            e = backend.outlet(StreamInfo.create("ApicalEvents", "Markers", 1, StreamInfo.IRREGULAR_RATE,
                ChannelFormat.STRING, "apical-events-" + sessionName)
                .withDesc(XmlElement.of("desc", XmlElement.text("producer", "Apical"))), 360, config);
        } catch (IOException | RuntimeException x) {
            decoder.close();
            throw x;
        }
        events = e;
    }

    @Override public void onEvent(Frame f, long sequence, boolean endOfBatch) {
        if (f.endOfStream) return;
        DecoderRow.fill(f, values);
        decoder.pushSample(values, f.timestamp);
        for (int i = 0; i < f.eventCount; i++) {
            marker[0] = TaskEvent.marker(f.events[i]);
            events.pushSample(marker, f.timestamp);
        }
    }

    /** Consumers connected to both outlets (decoder rows and task events). */
    public int consumers() { return Math.min(decoder.consumerCount(), events.consumerCount()); }

    public StreamInfo decoderInfo() { return decoder.info(); }
    public StreamInfo eventsInfo() { return events.info(); }

    @Override public void beginClose() {
        decoder.beginClose();
        events.beginClose();
    }

    /** Closes both outlets, their consumers first sent the last rows and events (bounded, as one outlet's close). */
    @Override public void close() {
        beginClose();
        decoder.close();
        events.close();
    }
}
