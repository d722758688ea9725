package org.apical.imaging;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.apical.lsl.LocalClock;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.XmlElement;
import org.apical.xdf.XdfFormatException;
import org.apical.xdf.XdfSampleCursor;

/**
 * The raw frames of a recording ({@code frames.record_raw}: {@code ApicalRawFrames}) as a frame source, so a lab can
 * run motion correction and new ROIs on a session again offline. The geometry and the planes come from the stream's
 * desc (the rig file's, when it gives them, must agree). Played as fast as the session takes frames with the recorded
 * timestamps, or at the recording's own pace (each frame due when its recorded time has passed since the first,
 * stamped on this machine's clock). The file is read frame by frame from its mapping, never loaded whole.
 */
public final class XdfRawFrameSource implements RawFrameSource {
    private final XdfSampleCursor cursor;
    private final FrameGeometry geometry;
    private final int planes;
    private final boolean realTime;
    private final boolean invert;
    private final String name;
    private long frames;
    private double firstRecorded = Double.NaN;
    private double start;
    private volatile boolean closed;
    private final BooleanSupplier stopped = () -> closed;

    /**
     * @param expected the rig file's geometry (lines, pixels; null to take the recording's)
     * @param planes   the rig file's planes (0 to take the recording's)
     * @param rateHz   the frame rate (0: the recording's)
     */
    public XdfRawFrameSource(Path file, String stream, FrameGeometry expected, int planes, double rateHz,
                             boolean realTime, boolean invert) throws IOException {
        this.name = "xdf " + file + " stream '" + stream + "'";
        this.cursor = XdfSampleCursor.open(file, stream);
        try {
            StreamInfo info = cursor.info();
            if (info.channelFormat() != ChannelFormat.INT16) {
                throw new IOException(name + ": raw frames are int16 samples, the stream is "
                        + info.channelFormat().xmlName());
            }
            XmlElement g = info.desc().child("geometry");
            int lines = integer(g, "lines"), pixels = integer(g, "pixels"), recordedPlanes = integer(g, "planes");
            if (lines < 1 || pixels < 1 || (long) lines * pixels != info.channelCount()) {
                throw new IOException(name + ": its desc/geometry (lines " + lines + ", pixels " + pixels + ") does not"
                        + " describe its " + info.channelCount() + " channels; is it a raw-frame stream Apical recorded?");
            }
            if (expected != null && (expected.lines() != lines || expected.pixels() != pixels)) {
                throw new IOException(name + ": the rig file's frame geometry (" + expected.describe() + ") does not"
                        + " match the recording's frames (" + lines + " lines × " + pixels + " pixels)");
            }
            if (recordedPlanes < 1) recordedPlanes = 1;
            if (planes > 0 && planes != recordedPlanes) {
                throw new IOException(name + ": frames.geometry.planes is " + planes + ", the recording holds "
                        + recordedPlanes + " planes");
            }
            this.planes = recordedPlanes;
            if (cursor.samples() % this.planes != 0) {
                throw new IOException(name + ": holds " + cursor.samples() + " frames, not whole volumes of "
                        + this.planes + " planes");
            }
            double rate = rateHz > 0 ? rateHz : info.nominalSrate();
            if (!(rate > 0)) throw new IOException(name + ": the stream has no frame rate; give frames.rate_hz");
            this.geometry = new FrameGeometry(lines, pixels, rate);
        } catch (IOException | RuntimeException e) {
            cursor.close();
            throw e;
        }
        this.realTime = realTime;
        this.invert = invert;
    }

    private static int integer(XmlElement g, String key) {
        String t = g == null ? null : g.childText(key);
        if (t == null || t.isBlank()) return 0;
        try {
            return Integer.parseInt(t.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override public FrameGeometry geometry() { return geometry; }

    /** The planes the recording holds. */
    public int planes() { return planes; }

    /** Frames in the recording. */
    public long recordedFrames() { return cursor.samples(); }

    @Override public String describe() { return name; }

    @Override public long frames() { return frames; }

    @Override public boolean timestampsOnThisClock() { return realTime; }

    @Override public boolean read(RawFrame frame) throws IOException, InterruptedException {
        if (closed) return false;
        boolean got;
        try {
            got = cursor.next(frame.pixels);
        } catch (XdfFormatException e) {
            throw new FrameStreamException(name, frames, e.getMessage(), e);
        }
        if (!got) return false;
        double recorded = cursor.timestamp();
        if (Double.isNaN(firstRecorded)) {
            firstRecorded = recorded;
            start = LocalClock.now();
        }
        if (realTime) FramePacing.waitUntil(start + (recorded - firstRecorded), stopped);
        if (invert) frame.invert();
        frame.arrivalNanos = System.nanoTime();
        frame.timestamp = realTime ? LocalClock.now() : recorded;
        frame.number = frames++;
        return true;
    }

    @Override public void endWaiting() { closed = true; }

    @Override public void close() {
        closed = true;
        cursor.close();
    }
}
