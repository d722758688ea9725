package org.apical.lsl;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A reusable output buffer over a socket stream with a fixed byte order: samples are encoded in place. */
final class WireWriter {
    private final OutputStream out;
    final byte[] buf;
    final ByteBuffer bb;

    WireWriter(OutputStream out, int capacity, ByteOrder order) {
        this.out = out;
        this.buf = new byte[capacity];
        this.bb = ByteBuffer.wrap(buf).order(order);
    }

    ByteOrder order() { return bb.order(); }

    int position() { return bb.position(); }

    void rewind(int position) { bb.position(position); }

    /** Makes room for {@code n} contiguous bytes (n ≤ capacity), flushing if needed. */
    void ensure(int n) throws IOException {
        if (bb.remaining() < n) flush();
    }

    void putBytes(byte[] b, int off, int len) throws IOException {
        if (len <= bb.remaining()) {
            bb.put(b, off, len);
            return;
        }
        flush();
        if (len <= bb.capacity()) bb.put(b, off, len);
        else out.write(b, off, len);
    }

    void flush() throws IOException {
        if (bb.position() > 0) {
            out.write(buf, 0, bb.position());
            bb.clear();
        }
        out.flush();
    }

    int buffered() { return bb.position(); }
}
