package org.apical.lsl;

/** Bytes from the network that break the LSL protocol (bad handshake, header, info XML or sample). */
public final class LslProtocolException extends Exception {
    public LslProtocolException(String message) { super(message); }
    public LslProtocolException(String message, Throwable cause) { super(message, cause); }
}
