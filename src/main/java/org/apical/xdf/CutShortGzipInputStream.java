package org.apical.xdf;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The decompressed bytes of a gzip file as far as they decompress: a file cut short (a recording compressed while
 * it was written, a copy that stopped) or damaged inside ends the stream there instead of failing every read, and
 * {@link #damage()} says why. The XDF reader then reports the file as truncated at that point, as it does for a
 * plain file, and keeps every chunk before it.
 */
final class CutShortGzipInputStream extends InputStream {
    private final GZIPInputStream in;
    private String damage;

    CutShortGzipInputStream(GZIPInputStream in) { this.in = in; }

    /** Null while the compressed data is whole; else what ended it early. */
    String damage() { return damage; }

    private final byte[] one = new byte[1];

    @Override public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        if (damage != null) return -1;
        try {
            return in.read(b, off, len);
        } catch (EOFException e) {
            damage = "the compressed data ends early (" + e.getMessage() + ")";
        } catch (ZipException e) {
            damage = "the compressed data is damaged (" + e.getMessage() + ")";
        }
        return -1;
    }

    @Override public void close() throws IOException { in.close(); }
}
