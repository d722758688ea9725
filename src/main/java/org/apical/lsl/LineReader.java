package org.apical.lsl;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads handshake lines byte by byte (so nothing after the header is consumed) with a bound on line length and
 * on the total header size: a peer that never sends a newline cannot make us buffer without end.
 */
final class LineReader {
    static final int MAX_LINE = 4096;
    static final int MAX_TOTAL = 64 * 1024;

    private final InputStream in;
    private final byte[] line = new byte[MAX_LINE];
    private int total;

    private final java.net.Socket socket;
    private long deadline;

    LineReader(InputStream in) { this(in, null, 0); }

    /** Reads from {@code socket}'s stream, every line before {@code deadlineNanos} (System.nanoTime()). */
    LineReader(InputStream in, java.net.Socket socket, long deadlineNanos) {
        this.in = in;
        this.socket = socket;
        this.deadline = deadlineNanos;
    }

    /** Moves the deadline (e.g. from the first byte's budget to the whole request's). */
    void deadline(long deadlineNanos) { deadline = deadlineNanos; }

    private int read() throws IOException {
        if (socket != null) {
            // past the deadline a byte already waiting is still taken (a thread scheduled late must not fail a
            // consumer that sent in time); a peer that keeps sending is bounded by MAX_TOTAL
            long left = deadline - System.nanoTime();
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
        }
        return in.read();
    }

    /** The next line without its terminator ({@code \n}, with a preceding {@code \r} removed); null at EOF before any byte. */
    String readLine() throws IOException, LslProtocolException {
        int n = 0;
        while (true) {
            int b = read();
            if (b < 0) {
                if (n == 0) return null;
                throw new EOFException("connection closed inside a header line");
            }
            if (++total > MAX_TOTAL) throw new LslProtocolException("handshake longer than " + MAX_TOTAL + " bytes");
            if (b == '\n') break;
            if (n == MAX_LINE) throw new LslProtocolException("handshake line longer than " + MAX_LINE + " bytes");
            line[n++] = (byte) b;
        }
        if (n > 0 && line[n - 1] == '\r') n--;
        return new String(line, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** Reads until EOF (bounded), for replies that end by closing the connection. */
    String readRest(int limit) throws IOException, LslProtocolException {
        byte[] all = in.readNBytes(limit + 1);
        if (all.length > limit) throw new LslProtocolException("reply longer than " + limit + " bytes");
        return new String(all, StandardCharsets.UTF_8);
    }
}
