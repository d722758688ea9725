package org.apical.imaging;

import java.io.IOException;

/** A frame stream that broke or does not match the rig file: the message names the source and the frame number. */
public final class FrameStreamException extends IOException {
    private final long frame;

    public FrameStreamException(String source, long frame, String problem) {
        super(source + ": frame " + frame + ": " + problem);
        this.frame = frame;
    }

    public FrameStreamException(String source, long frame, String problem, Throwable cause) {
        super(source + ": frame " + frame + ": " + problem, cause);
        this.frame = frame;
    }

    /** The number (from 0) of the frame that could not be read whole. */
    public long frame() { return frame; }
}
