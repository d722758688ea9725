package org.apical.lsl;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A reusable input buffer over a socket stream; {@link #require} guarantees n contiguous readable bytes. */
final class WireReader {
    private final InputStream in;
    final byte[] buf;
    final ByteBuffer bb;

    WireReader(InputStream in, int capacity, ByteOrder order) {
        this.in = in;
        this.buf = new byte[capacity];
        this.bb = ByteBuffer.wrap(buf).order(order);
        bb.limit(0);
    }

    void order(ByteOrder order) { bb.order(order); }

    ByteOrder order() { return bb.order(); }

    int capacity() { return buf.length; }

    /** Blocks until n bytes (n ≤ capacity) are buffered; EOF before that is an {@link EOFException}. */
    void require(int n) throws IOException {
        if (bb.remaining() >= n) return;
        if (n > buf.length) throw new IOException("internal: need " + n + " bytes, buffer holds " + buf.length);
        bb.compact();
        while (bb.position() < n) {
            int r = in.read(buf, bb.position(), buf.length - bb.position());
            if (r < 0) throw new EOFException("connection closed by peer");
            bb.position(bb.position() + r);
        }
        bb.flip();
    }

    /** True if bytes are already buffered (no read needed for the next byte). */
    boolean hasBuffered() { return bb.hasRemaining(); }

    /** Reads exactly len bytes into dst, using the buffer first and then the stream directly. */
    void readFully(byte[] dst, int off, int len) throws IOException {
        int fromBuf = Math.min(len, bb.remaining());
        bb.get(dst, off, fromBuf);
        int done = fromBuf;
        while (done < len) {
            int r = in.read(dst, off + done, len - done);
            if (r < 0) throw new EOFException("connection closed by peer");
            done += r;
        }
    }
}
