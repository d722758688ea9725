package org.apical.imaging;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.apical.lsl.LocalClock;

/**
 * A TIFF stack as a frame source: for piloting, replays and tests. Played at its frame rate (frame i due i/rate after
 * the first, timestamps on this machine's clock) or as fast as the pipeline takes frames (timestamps still i/rate
 * apart, so the session's timing in frames is the recording's).
 */
public final class TiffFrameSource implements RawFrameSource {
    private final TiffStack stack;
    private final FrameGeometry geometry;
    private final boolean realTime;
    private final boolean invert;
    private final String name;
    private final long loops;
    private long frames;
    private double start = Double.NaN;
    private volatile boolean closed;
    private final BooleanSupplier stopped = () -> closed;

    /**
     * @param expected the rig file's geometry (lines, pixels), checked against the file; null to take the file's
     * @param loops    times the stack is played (1: once)
     */
    public TiffFrameSource(Path file, FrameGeometry expected, double rateHz, boolean realTime, boolean invert, long loops)
            throws IOException {
        this.stack = TiffStack.open(file);
        this.name = "tiff " + file;
        if (expected != null && (expected.lines() != stack.height() || expected.pixels() != stack.width())) {
            int received = stack.height() * stack.width() * 2;
            stack.close();
            throw new IOException(name + ": the rig file's frame geometry (" + expected.describe()
                    + ") does not match the file: expected " + expected.bytes() + " bytes per frame, the file's pages"
                    + " have " + received + " (" + stack.height() + " lines × " + stack.width() + " pixels)");
        }
        this.geometry = new FrameGeometry(stack.height(), stack.width(), rateHz);
        this.realTime = realTime;
        this.invert = invert;
        this.loops = loops;
    }

    @Override public FrameGeometry geometry() { return geometry; }

    @Override public String describe() { return name; }

    @Override public long frames() { return frames; }

    public int pages() { return stack.pages(); }

    @Override public boolean timestampsOnThisClock() { return realTime; }

    @Override public boolean read(RawFrame frame) throws IOException, InterruptedException {
        if (closed || frames >= loops * stack.pages()) return false;
        if (Double.isNaN(start)) start = LocalClock.now();
        double due = start + frames / geometry.rateHz();
        if (realTime) FramePacing.waitUntil(due, stopped);
        try {
            stack.read((int) (frames % stack.pages()), frame.pixels);
        } catch (IOException e) {
            throw new FrameStreamException(name, frames, "cannot read page " + frames % stack.pages() + ": "
                    + e.getMessage(), e);
        }
        if (invert) frame.invert();
        frame.arrivalNanos = System.nanoTime();
        frame.timestamp = realTime ? LocalClock.now() : due;
        frame.number = frames++;
        return true;
    }

    @Override public void endWaiting() { closed = true; }

    @Override public void close() {
        closed = true;
        stack.close();
    }
}
