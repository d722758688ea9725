package org.apical.imaging;

import java.io.IOException;
import org.apical.lsl.InletOptions;
import org.apical.lsl.LslConfig;
import org.apical.lsl.StreamInlet;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;

/**
 * An LSL stream of frames: one sample per frame, {@code channel_count} = lines × pixels, int16 (uint16 bits) or int32,
 * in the frames' column-major order, for acquisition software that can push LSL. The rig file's geometry must match
 * the stream's channel count; a sample the inlet lost is an error naming the frame, never a silent skip.
 */
public final class LslFrameStream implements RawFrameSource {
    private final StreamInlet inlet;
    private final FrameGeometry geometry;
    private final boolean invert;
    private final String name;
    private volatile boolean closed;
    private long frames;

    public LslFrameStream(StreamInfo found, FrameGeometry geometry, boolean invert, LslConfig cfg) throws IOException {
        this.name = "lsl stream '" + found.name() + "'";
        ChannelFormat f = found.channelFormat();
        if (f != ChannelFormat.INT16 && f != ChannelFormat.INT32) {
            throw new IOException(name + ": frames must be int16 or int32, the stream is " + f);
        }
        if (found.channelCount() != geometry.pixelCount()) {
            throw new IOException(name + ": the rig file's frame geometry (" + geometry.describe() + ") does not match"
                    + " the stream: expected " + geometry.pixelCount() + " channels (" + geometry.bytes()
                    + " bytes of uint16) per frame, the stream has " + found.channelCount() + " ("
                    + 2L * found.channelCount() + " bytes)");
        }
        this.inlet = new StreamInlet(found, InletOptions.defaults().withConfig(cfg));
        this.geometry = geometry;
        this.invert = invert;
    }

    @Override public FrameGeometry geometry() { return geometry; }

    @Override public String describe() { return name; }

    @Override public long frames() { return frames; }

    @Override public boolean read(RawFrame frame) throws IOException, InterruptedException {
        while (!closed) {
            double ts = inlet.pullSample(frame.pixels, 0.25);
            if (ts == 0.0) {
                if (inlet.isLost()) {
                    throw new FrameStreamException(name, frames, "the stream was lost (its outlet closed)");
                }
                if (Thread.interrupted()) throw new InterruptedException();
                continue;
            }
            if (inlet.droppedSamples() > 0) {
                throw new FrameStreamException(name, frames, inlet.droppedSamples()
                        + " frames were dropped by the inlet's buffer before this one");
            }
            if (invert) frame.invert();
            frame.arrivalNanos = inlet.lastArrivalNanos();
            frame.timestamp = ts;
            frame.number = frames++;
            return true;
        }
        return false;
    }

    @Override public void close() {
        closed = true;
        inlet.close();
    }
}
