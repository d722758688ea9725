package org.apical.lsl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.apical.stream.ChannelFormat;
import org.apical.stream.InfoXmlException;
import org.apical.stream.StreamInfo;
import org.apical.stream.StreamInfoXml;
import org.apical.stream.XmlElement;

/**
 * liblsl's own outlet for a stream Apical describes (name, type, channels, desc: the same XML as Apical's outlet
 * sends). Samples go through native buffers allocated once, so pushing allocates nothing for numeric formats;
 * a chunk is one foreign call.
 */
public final class NativeOutlet implements SampleOutlet {
    private final LibLsl lib;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment infoHandle, handle;
    private final StreamInfo info;
    private final ChannelFormat format;
    private final int channels, maxChunk;
    private final MemorySegment data, stamps;

    /** @param maxChunk the most samples one {@link #pushChunk} call takes */
    public NativeOutlet(LibLsl lib, StreamInfo template, double maxBufferedSeconds, int maxChunk) {
        this.lib = lib;
        this.format = template.channelFormat();
        this.channels = template.channelCount();
        this.maxChunk = Math.max(1, maxChunk);
        // Built field by field, not from Apical's XML: liblsl then fills in its own uid, session and host as for
        // any stream it creates.
        this.infoHandle = lib.createStreamInfo(template.name(), template.type(), channels, template.nominalSrate(),
                format, template.sourceId());
        copyChildren(lib, template.desc(), lib.desc(infoHandle));
        this.handle = lib.createOutlet(infoHandle, 0, Math.max(1, (int) Math.ceil(maxBufferedSeconds)));
        StreamInfo published;
        try {
            MemorySegment own = lib.outletInfo(handle);
            try {
                published = StreamInfoXml.parse(lib.xml(own));
            } finally {
                lib.destroyStreamInfo(own);
            }
        } catch (InfoXmlException e) {
            published = template;
        }
        this.info = published;
        // room for double64 values: a sample is pushed as doubles whatever the stream's format (liblsl converts)
        long valueBytes = 8;
        this.data = arena.allocate(valueBytes * channels * this.maxChunk, 8);
        this.stamps = arena.allocate(ValueLayout.JAVA_DOUBLE, this.maxChunk);
    }

    private static void copyChildren(LibLsl lib, XmlElement from, MemorySegment to) {
        for (XmlElement c : from.children()) {
            if (c.children().isEmpty()) lib.appendChildValue(to, c.name(), c.text());
            else copyChildren(lib, c, lib.appendChild(to, c.name()));
        }
    }

    /** The stream as liblsl publishes it (its uid, session, host). */
    @Override public StreamInfo info() { return info; }

    @Override public void pushSample(double[] values, double timestamp) {
        MemorySegment.copy(values, 0, data, ValueLayout.JAVA_DOUBLE, 0, channels);
        lib.pushSample(handle, ChannelFormat.DOUBLE64, data, timestamp);
    }

    /** Strings: each push allocates its C strings (markers are rare; numeric samples never do). */
    @Override public void pushSample(String[] values, double timestamp) { lib.pushStrings(handle, values, timestamp); }

    /** Pushes the first {@code n} samples of {@code values} (row-major) with one timestamp each: one foreign call. */
    public void pushChunk(float[] values, int n, double[] timestamps) {
        if (n > maxChunk) throw new IllegalArgumentException(n + " samples in one chunk; this outlet takes " + maxChunk);
        MemorySegment.copy(values, 0, data, ValueLayout.JAVA_FLOAT, 0, n * channels);
        MemorySegment.copy(timestamps, 0, stamps, ValueLayout.JAVA_DOUBLE, 0, n);
        lib.pushChunk(handle, ChannelFormat.FLOAT32, data, channels, n, stamps);
    }

    @Override public int consumerCount() { return lib.haveConsumers(handle) ? 1 : 0; }

    @Override public boolean waitForConsumers(double timeoutSeconds) { return lib.waitForConsumers(handle, timeoutSeconds); }

    @Override public void close() {
        lib.destroyOutlet(handle);
        lib.destroyStreamInfo(infoHandle);
        arena.close();
    }
}
