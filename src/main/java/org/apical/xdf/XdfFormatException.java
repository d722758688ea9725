package org.apical.xdf;

import java.io.IOException;

/**
 * A file that is not valid XDF at a known place: the message names the file, the byte offset of the chunk (in
 * the uncompressed stream for gzip files), its kind and stream, and what is wrong.
 */
public class XdfFormatException extends IOException {
    private final long offset;
    private final int tag;
    private final int streamId;
    private final String reason;

    public XdfFormatException(String source, long offset, int tag, int streamId, String reason) {
        super(source + ": byte " + offset + describe(tag, streamId) + ": " + reason);
        this.offset = offset;
        this.tag = tag;
        this.streamId = streamId;
        this.reason = reason;
    }

    private static String describe(int tag, int streamId) {
        if (tag < 0) return "";
        String s = ", " + XdfFormat.tagName(tag) + " chunk";
        return streamId >= 0 ? s + " of stream " + streamId : s;
    }

    /** Byte offset of the chunk (or of the field, for the magic) where the problem is. */
    public long offset() { return offset; }

    /** Tag of the chunk concerned, or -1 if it could not be read. */
    public int tag() { return tag; }

    /** Stream id of the chunk, or -1. */
    public int streamId() { return streamId; }

    /** What is wrong, without the location. */
    public String reason() { return reason; }
}
