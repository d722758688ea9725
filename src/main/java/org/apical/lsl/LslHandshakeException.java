package org.apical.lsl;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.apical.stream.StreamInfo;

/**
 * Opening an inlet failed: the outlet's full info or its streamfeed handshake was refused, broken or never came.
 * The message is one line naming the stream, its address and what was wrong.
 */
public final class LslHandshakeException extends IOException {
    LslHandshakeException(String message, Throwable cause) { super(message, cause); }

    /** {@code step} is what was asked, e.g. "full info" or "streamfeed". */
    static LslHandshakeException of(StreamInfo target, String step, double timeoutSeconds, Throwable e) {
        if (e instanceof LslHandshakeException h) return h;
        String host = target.v4address().isEmpty() ? "127.0.0.1" : target.v4address();
        String what = switch (e) {
            case SocketTimeoutException t -> "did not answer the " + step + " request within "
                    + (timeoutSeconds == Math.rint(timeoutSeconds) ? Long.toString((long) timeoutSeconds)
                    : Double.toString(timeoutSeconds)) + " s";
            case ConnectException c -> "refused the " + step + " connection (" + c.getMessage() + ")";
            case EOFException eof -> "closed the connection during the " + step + " handshake";
            default -> step + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        };
        return new LslHandshakeException("stream '" + target.name() + "' at " + host + ":" + target.v4dataPort()
                + ": " + what, e);
    }
}
