package org.apical.lsl;

/** The stream is gone and cannot be recovered (no source_id, or recovery disabled). */
public final class LostStreamException extends RuntimeException {
    public LostStreamException(String message) { super(message); }
}
