package org.apical.imaging;

import java.io.IOException;

/**
 * Where raw frames come from: the acquisition program over TCP, an LSL stream of frames, a TIFF stack. A source fills
 * a preallocated {@link RawFrame} and paces itself; {@link #read} returns false at the end of the stream and throws
 * {@link FrameStreamException} (naming the source and the frame) when a frame is incomplete or malformed: a frame is
 * never shifted or padded silently.
 */
public interface RawFrameSource extends AutoCloseable {

    FrameGeometry geometry();

    /** What the source is, for messages: {@code tcp listen :30001}, {@code tiff stack.tif}, ... */
    String describe();

    boolean read(RawFrame frame) throws IOException, InterruptedException;

    /** Frames read so far. */
    long frames();

    /** True when frame timestamps are on this machine's LSL clock. */
    default boolean timestampsOnThisClock() { return true; }

    /**
     * Asks a {@link #read} that waits, from another thread, to return false soon. Default: close (a blocked socket
     * read wakes up at once); a file source that never waits long only raises a flag, so a page being read is
     * never closed under it.
     */
    default void endWaiting() { close(); }

    @Override void close();
}
