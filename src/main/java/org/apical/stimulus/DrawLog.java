package org.apical.stimulus;

import java.util.concurrent.atomic.AtomicLong;
import org.apical.core.Display;

/**
 * What the stimulus window drew, frame by frame: which pipeline frame it showed, when that frame arrived and when
 * it was drawn, the angle and display, the photodiode state. A preallocated single-writer single-reader ring: the
 * window's thread records, a recorder drains on its own schedule. Neither waits: if the recorder falls more than
 * the ring's capacity behind, new entries are counted in {@link #dropped()} rather than overwriting unread ones,
 * so a loss is never silent.
 */
public final class DrawLog {
    /** Receives drained entries in order; called on the draining thread. */
    @FunctionalInterface
    public interface Sink {
        void accept(long displayFrame, long pipelineFrame, long arrivalNanos, long drawnNanos, double angle,
                    Display display, boolean photodiode);
    }

    private static final Display[] DISPLAYS = Display.values();

    private final int mask;
    private final long[] displayFrame;
    private final long[] pipelineFrame;
    private final long[] arrival;
    private final long[] drawn;
    private final double[] angle;
    private final byte[] display;
    private final boolean[] diode;
    private final AtomicLong head = new AtomicLong(); // next slot to write (writer only)
    private final AtomicLong tail = new AtomicLong(); // next slot to read (reader only)
    private final AtomicLong dropped = new AtomicLong();

    /** {@code capacity} is rounded up to a power of two. */
    public DrawLog(int capacity) {
        int n = Integer.highestOneBit(Math.max(2, capacity) - 1) << 1;
        mask = n - 1;
        displayFrame = new long[n];
        pipelineFrame = new long[n];
        arrival = new long[n];
        drawn = new long[n];
        angle = new double[n];
        display = new byte[n];
        diode = new boolean[n];
    }

    public int capacity() { return mask + 1; }

    /** Writer side (the window's thread). Returns false if the ring is full and the entry was counted as dropped. */
    public boolean record(long displayFrameNo, long pipelineFrameNo, long arrivalNanos, long drawnNanos,
                          double angleDeg, Display shown, boolean photodiode) {
        long h = head.get();
        if (h - tail.getAcquire() > mask) {
            dropped.incrementAndGet();
            return false;
        }
        int i = (int) (h & mask);
        displayFrame[i] = displayFrameNo;
        pipelineFrame[i] = pipelineFrameNo;
        arrival[i] = arrivalNanos;
        drawn[i] = drawnNanos;
        angle[i] = angleDeg;
        display[i] = (byte) shown.ordinal();
        diode[i] = photodiode;
        head.setRelease(h + 1);
        return true;
    }

    /** Reader side: hands every entry written so far to {@code sink}, oldest first; returns how many. */
    public int drain(Sink sink) {
        long t = tail.get();
        long h = head.getAcquire();
        for (long s = t; s < h; s++) {
            int i = (int) (s & mask);
            sink.accept(displayFrame[i], pipelineFrame[i], arrival[i], drawn[i], angle[i], DISPLAYS[display[i]], diode[i]);
        }
        tail.setRelease(h);
        return (int) (h - t);
    }

    /** Entries recorded since the start (drained or not). */
    public long written() { return head.get(); }

    /** Entries lost because the reader was a full ring behind. */
    public long dropped() { return dropped.get(); }
}
