package org.apical.xdf;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apical.stream.ChannelFormat;
import org.apical.stream.InfoXmlException;
import org.apical.stream.StreamInfo;
import org.apical.stream.StreamInfoXml;

/**
 * Reads an XDF file chunk by chunk, for callers that stream (replay of long sessions) rather than load.
 *
 * <p>{@link #next()} returns the next chunk, null at a clean end of file, throws {@link XdfTruncatedException}
 * when the file ends inside a chunk and {@link XdfFormatException} when a chunk is invalid. No allocation is
 * sized by a length field alone: content is read incrementally and every count is checked against the bytes
 * that hold it. Gzip files ({@code .xdfz}, {@code .xdf.gz}) are recognised by their first bytes.
 */
public final class XdfChunkReader implements Closeable {
    private static final int FIRST_BUFFER = 64 * 1024;

    private final InputStream in;
    private final String source;
    private final long size;
    private long pos;
    private final Map<Integer, Stream> streams = new HashMap<>();
    private final byte[] scratch = new byte[8];
    /** The decompressing stream of a gzip file (null for a plain one), to tell where its data ended early. */
    private CutShortGzipInputStream gzip;

    /** Per-stream layout and timestamp deduction state. */
    private record Stream(StreamInfo info, double interval, double[] prev) {}

    private XdfChunkReader(InputStream in, String source, long size) {
        this.in = in;
        this.source = source;
        this.size = size;
    }

    /** Opens {@code path} (plain or gzip) and checks the magic. */
    public static XdfChunkReader open(Path path) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        try {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            XdfChunkReader r;
            if (gzip) {
                CutShortGzipInputStream unzipped = new CutShortGzipInputStream(gunzip(raw, path.toString()));
                r = new XdfChunkReader(new BufferedInputStream(unzipped, 1 << 16), path.toString(), -1);
                r.gzip = unzipped;
            } else {
                r = new XdfChunkReader(raw, path.toString(), Files.size(path));
            }
            r.readMagic();
            return r;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static GZIPInputStream gunzip(InputStream raw, String source) throws IOException {
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (java.io.EOFException e) {
            throw new XdfFormatException(source, 0, -1, -1, "gzip file ends inside its header");
        } catch (java.util.zip.ZipException e) {
            throw new XdfFormatException(source, 0, -1, -1, "not a valid gzip file: " + e.getMessage());
        }
    }

    /** Reads a file held in memory; {@code source} names it in messages. */
    public static XdfChunkReader open(byte[] bytes, String source) throws IOException {
        XdfChunkReader r = new XdfChunkReader(new java.io.ByteArrayInputStream(bytes), source, bytes.length);
        r.readMagic();
        return r;
    }

    /** Reads from a stream of unknown length (already decompressed); {@code source} names it in messages. */
    public static XdfChunkReader open(InputStream in, String source) throws IOException {
        XdfChunkReader r = new XdfChunkReader(in, source, -1);
        r.readMagic();
        return r;
    }

    private void readMagic() throws IOException {
        byte[] m = new byte[4];
        int n = readUpTo(m, 0, 4);
        if (n < 4 || !Arrays.equals(m, XdfFormat.MAGIC)) {
            throw new XdfFormatException(source, 0, -1, -1, n < 4 && Arrays.equals(Arrays.copyOf(m, n),
                    Arrays.copyOf(XdfFormat.MAGIC, n))
                    ? "file ends after " + n + " bytes, inside the magic 'XDF:'"
                    : "not an XDF file (does not start with 'XDF:')");
        }
    }

    /** Bytes consumed so far (uncompressed). */
    public long offset() { return pos; }

    /** The name used in messages (the path). */
    public String source() { return source; }

    /** The next chunk, or null at a clean end of file. */
    public XdfChunk next() throws IOException {
        long start = pos;
        int width = in.read();
        if (width < 0) {
            if (gzip != null && gzip.damage() != null) throw truncated(start, -1, -1, "the file ends here");
            return null;
        }
        pos++;
        if (width != 1 && width != 4 && width != 8) {
            throw new XdfFormatException(source, start, -1, -1,
                    "chunk length has width " + width + " (only 1, 4 or 8 are valid)");
        }
        if (readUpTo(scratch, 0, width) < width) {
            throw truncated(start, -1, -1, "file ends inside a chunk length field");
        }
        long length = littleEndian(scratch, width);
        if (length < 0) throw new XdfFormatException(source, start, -1, -1, "chunk length " + Long.toUnsignedString(length) + " is too large");
        if (length < 2) throw new XdfFormatException(source, start, -1, -1, "chunk length " + length + " leaves no room for the tag");
        if (size >= 0 && length > size - pos) {
            throw truncated(start, -1, -1, "chunk declares " + length + " bytes but only "
                    + (size - pos) + " remain in the file");
        }
        if (readUpTo(scratch, 0, 2) < 2) {
            throw truncated(start, -1, -1, "file ends inside a chunk tag");
        }
        int tag = (scratch[0] & 0xff) | (scratch[1] & 0xff) << 8;
        long contentLength = length - 2;
        if (tag < 1 || tag > 6) {
            skip(start, tag, contentLength);
            return new XdfChunk.Unknown(start, tag, length);
        }
        int streamId = -1;
        if (XdfFormat.hasStreamId(tag)) {
            if (contentLength < 4) {
                throw new XdfFormatException(source, start, tag, -1, "chunk length " + length + " leaves no room for the stream id");
            }
            if (readUpTo(scratch, 0, 4) < 4) {
                throw truncated(start, tag, -1, "file ends inside the stream id");
            }
            long id = littleEndian(scratch, 4);
            contentLength -= 4;
            if (id > Integer.MAX_VALUE) {
                throw new XdfFormatException(source, start, tag, -1, "stream id " + id + " is out of range");
            }
            streamId = (int) id;
        }
        if (contentLength > Integer.MAX_VALUE - 64) {
            throw new XdfFormatException(source, start, tag, streamId, "chunk content of " + contentLength
                    + " bytes is larger than this reader accepts (2 GiB)");
        }
        byte[] c = readContent(start, tag, streamId, (int) contentLength);
        return parse(start, tag, streamId, c);
    }

    /** The file ends inside a chunk; for a gzip file whose data ended early, the reason says why. */
    private XdfTruncatedException truncated(long start, int tag, int id, String reason) {
        String why = gzip == null || gzip.damage() == null ? reason : reason + ": " + gzip.damage();
        return new XdfTruncatedException(source, start, tag, id, why);
    }

    private XdfChunk parse(long start, int tag, int id, byte[] c) throws XdfFormatException {
        return switch (tag) {
            case XdfFormat.TAG_FILE_HEADER -> new XdfChunk.FileHeader(start, new String(c, StandardCharsets.UTF_8));
            case XdfFormat.TAG_STREAM_HEADER -> {
                if (streams.containsKey(id)) {
                    throw new XdfFormatException(source, start, tag, id, "a second header for stream " + id);
                }
                StreamInfo info;
                try {
                    info = StreamInfoXml.parse(new String(c, StandardCharsets.UTF_8));
                } catch (InfoXmlException e) {
                    throw new XdfFormatException(source, start, tag, id, e.getMessage());
                }
                if (info.channelCount() < 1) {
                    throw new XdfFormatException(source, start, tag, id, "stream '" + info.name() + "': <channel_count> "
                            + info.channelCount() + " must be >= 1");
                }
                double interval = info.sampleInterval();
                streams.put(id, new Stream(info, interval, new double[1]));
                yield new XdfChunk.StreamHeader(start, id, info);
            }
            case XdfFormat.TAG_SAMPLES -> samples(start, id, c);
            case XdfFormat.TAG_CLOCK_OFFSET -> {
                if (c.length != 16) {
                    throw new XdfFormatException(source, start, tag, id, "content is " + c.length + " bytes, expected 16");
                }
                ByteBuffer b = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
                yield new XdfChunk.ClockOffset(start, id, b.getDouble(), b.getDouble());
            }
            case XdfFormat.TAG_BOUNDARY -> {
                if (!Arrays.equals(c, XdfFormat.BOUNDARY_UUID)) {
                    throw new XdfFormatException(source, start, tag, -1, "content is not the boundary UUID");
                }
                yield new XdfChunk.Boundary(start);
            }
            case XdfFormat.TAG_STREAM_FOOTER -> new XdfChunk.StreamFooter(start, id, new String(c, StandardCharsets.UTF_8));
            default -> throw new IllegalStateException("tag " + tag);
        };
    }

    private XdfChunk.Samples samples(long start, int id, byte[] c) throws XdfFormatException {
        int tag = XdfFormat.TAG_SAMPLES;
        Stream s = streams.get(id);
        if (s == null) throw new XdfFormatException(source, start, tag, id, "samples of stream " + id + " before its StreamHeader");
        ChannelFormat format = s.info.channelFormat();
        int channels = s.info.channelCount();
        ByteBuffer b = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
        long n = varlen(b, start, tag, id, "sample count");
        // The smallest a sample can be: the timestamp byte plus its values (a string needs 2 bytes per channel).
        long minSample = 1 + (long) channels * (format == ChannelFormat.STRING ? 2 : format.valueSize());
        if (n > b.remaining() / minSample) {
            throw new XdfFormatException(source, start, tag, id, "declares " + n + " samples but its " + b.remaining()
                    + " bytes hold at most " + b.remaining() / minSample);
        }
        int count = (int) n;
        double[] ts = new double[count];
        SampleValues values = SampleValues.allocate(format, channels, count);
        double prev = s.prev[0];
        for (int k = 0; k < count; k++) {
            if (!b.hasRemaining()) throw overrun(start, id, k);
            int tb = b.get();
            if (tb == 0) {
                ts[k] = prev + s.interval;
            } else if (tb == 8) {
                if (b.remaining() < 8) throw overrun(start, id, k);
                ts[k] = b.getDouble();
            } else {
                throw new XdfFormatException(source, start, tag, id, "sample " + k + " has timestamp width " + tb
                        + " (only 0 or 8 are valid)");
            }
            prev = ts[k];
            int at = k * channels;
            if (format != ChannelFormat.STRING && b.remaining() < channels * format.valueSize()) throw overrun(start, id, k);
            switch (values) {
                case SampleValues.Float32 v -> { for (int i = 0; i < channels; i++) v.data()[at + i] = b.getFloat(); }
                case SampleValues.Double64 v -> { for (int i = 0; i < channels; i++) v.data()[at + i] = b.getDouble(); }
                case SampleValues.Int32 v -> { for (int i = 0; i < channels; i++) v.data()[at + i] = b.getInt(); }
                case SampleValues.Int16 v -> { for (int i = 0; i < channels; i++) v.data()[at + i] = b.getShort(); }
                case SampleValues.Int8 v -> { for (int i = 0; i < channels; i++) v.data()[at + i] = b.get(); }
                case SampleValues.Int64 v -> { for (int i = 0; i < channels; i++) v.data()[at + i] = b.getLong(); }
                case SampleValues.Strings v -> {
                    for (int i = 0; i < channels; i++) {
                        long len = varlen(b, start, tag, id, "string length");
                        if (len > b.remaining()) {
                            throw new XdfFormatException(source, start, tag, id, "sample " + k + " channel " + i
                                    + ": string of " + len + " bytes runs past the chunk end");
                        }
                        v.data()[at + i] = new String(c, b.position(), (int) len, StandardCharsets.UTF_8);
                        b.position(b.position() + (int) len);
                    }
                }
            }
        }
        if (b.hasRemaining()) {
            throw new XdfFormatException(source, start, tag, id, b.remaining() + " bytes left after its " + count + " samples");
        }
        s.prev[0] = prev;
        return new XdfChunk.Samples(start, id, ts, values);
    }

    private XdfFormatException overrun(long start, int id, int k) {
        return new XdfFormatException(source, start, XdfFormat.TAG_SAMPLES, id, "sample " + k + " runs past the chunk end");
    }

    private long varlen(ByteBuffer b, long start, int tag, int id, String what) throws XdfFormatException {
        if (!b.hasRemaining()) throw new XdfFormatException(source, start, tag, id, what + " runs past the chunk end");
        int w = b.get();
        long v;
        if (w == 1 && b.remaining() >= 1) v = b.get() & 0xffL;
        else if (w == 4 && b.remaining() >= 4) v = b.getInt() & 0xffffffffL;
        else if (w == 8 && b.remaining() >= 8) v = b.getLong();
        else if (w == 1 || w == 4 || w == 8) throw new XdfFormatException(source, start, tag, id, what + " runs past the chunk end");
        else throw new XdfFormatException(source, start, tag, id, what + " has width " + w + " (only 1, 4 or 8 are valid)");
        if (v < 0) throw new XdfFormatException(source, start, tag, id, what + " " + Long.toUnsignedString(v) + " is too large");
        return v;
    }

    /** Reads {@code n} bytes, growing the buffer only as bytes actually arrive. */
    private byte[] readContent(long start, int tag, int id, int n) throws IOException {
        byte[] buf = new byte[Math.min(n, FIRST_BUFFER)];
        int have = 0;
        while (have < n) {
            if (have == buf.length) buf = Arrays.copyOf(buf, (int) Math.min(n, (long) buf.length * 2));
            int r = readUpTo(buf, have, buf.length - have);
            have += r;
            if (have < buf.length) {
                throw truncated(start, tag, id, "file ends after " + have + " of the chunk's "
                        + n + " content bytes");
            }
        }
        return buf;
    }

    private void skip(long start, int tag, long n) throws IOException {
        byte[] buf = new byte[8192];
        long left = n;
        while (left > 0) {
            int r = readUpTo(buf, 0, (int) Math.min(buf.length, left));
            if (r == 0) {
                throw truncated(start, tag, -1, "file ends inside a chunk of unknown tag " + tag);
            }
            left -= r;
        }
    }

    /**
     * Recovery after a corrupt chunk: reads forward to just after the next Boundary chunk's UUID. Returns false if
     * the file ends first. Timestamp deduction continues from the last good chunk of each stream.
     */
    public boolean skipToBoundary() throws IOException {
        byte[] u = XdfFormat.BOUNDARY_UUID;
        byte[] window = new byte[u.length];
        int filled = 0;
        int head = 0;
        while (true) {
            int b = in.read();
            if (b < 0) return false;
            pos++;
            window[head] = (byte) b;
            head = (head + 1) % u.length;
            if (filled < u.length) filled++;
            if (filled == u.length) {
                boolean match = true;
                for (int i = 0; i < u.length && match; i++) match = window[(head + i) % u.length] == u[i];
                if (match) return true;
            }
        }
    }

    /** Reads until {@code n} bytes or end of file; returns how many were read. */
    private int readUpTo(byte[] b, int off, int n) throws IOException {
        int got = 0;
        while (got < n) {
            int r = in.read(b, off + got, n - got);
            if (r < 0) break;
            got += r;
        }
        pos += got;
        return got;
    }

    private static long littleEndian(byte[] b, int width) {
        long v = 0;
        for (int i = width - 1; i >= 0; i--) v = (v << 8) | (b[i] & 0xffL);
        return v;
    }

    @Override public void close() throws IOException { in.close(); }
}
