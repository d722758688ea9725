package org.apical.xdf;

/** The file ends inside a chunk (a recording that was killed, a copy cut short). */
public final class XdfTruncatedException extends XdfFormatException {
    public XdfTruncatedException(String source, long offset, int tag, int streamId, String reason) {
        super(source, offset, tag, streamId, reason);
    }
}
