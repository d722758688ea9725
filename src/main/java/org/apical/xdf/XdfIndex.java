package org.apical.xdf;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apical.stream.ChannelFormat;
import org.apical.stream.InfoXmlException;
import org.apical.stream.StreamInfo;
import org.apical.stream.StreamInfoXml;

/**
 * One walk over the chunks of a plain XDF file held in a memory segment (a mapped file): the headers, footers and
 * clock offsets parsed, and where every Samples chunk of every stream starts, with its sample count. Samples are not
 * decoded here; the walk jumps from chunk to chunk by their lengths, so it touches only the first bytes of each
 * chunk and a stream's samples can then be decoded on their own ({@link XdfMappedReader}, {@link XdfSampleCursor}).
 *
 * <p>The checks and messages are {@link XdfChunkReader}'s: a file that ends inside a chunk stops the walk with the
 * same offset and reason, an invalid chunk throws the same {@link XdfFormatException}, and the problems stepped over
 * are worded as {@link XdfReader} words them.
 */
final class XdfIndex {
    static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    final MemorySegment file;
    final String source;
    final long size;
    String header;
    final Map<Integer, StreamEntry> streams = new LinkedHashMap<>();
    final List<String> problems = new ArrayList<>();
    XdfFile.Stop stop;
    /** Bytes consumed, as {@link XdfChunkReader#offset()} reports them where the walk ended. */
    long bytesRead;

    /** One stream: its header, where its Samples chunks' content starts (after the count) and how many each holds. */
    static final class StreamEntry {
        final int id;
        final StreamInfo info;
        final double interval;
        long[] chunkStart = new long[16];
        long[] chunkContent = new long[16];
        long[] chunkEnd = new long[16];
        int[] chunkCount = new int[16];
        int chunks;
        long samples;
        double[] clockTimes = new double[8];
        double[] clockValues = new double[8];
        int offsets;
        StreamFooterInfo footer;

        StreamEntry(int id, StreamInfo info) {
            this.id = id;
            this.info = info;
            this.interval = info.sampleInterval();
        }

        void chunk(long start, long content, long end, int count) {
            if (chunks == chunkStart.length) {
                int n = chunks * 2;
                chunkStart = Arrays.copyOf(chunkStart, n);
                chunkContent = Arrays.copyOf(chunkContent, n);
                chunkEnd = Arrays.copyOf(chunkEnd, n);
                chunkCount = Arrays.copyOf(chunkCount, n);
            }
            chunkStart[chunks] = start;
            chunkContent[chunks] = content;
            chunkEnd[chunks] = end;
            chunkCount[chunks] = count;
            chunks++;
            samples += count;
        }

        void offset(double t, double v) {
            if (offsets == clockTimes.length) {
                clockTimes = Arrays.copyOf(clockTimes, offsets * 2);
                clockValues = Arrays.copyOf(clockValues, offsets * 2);
            }
            clockTimes[offsets] = t;
            clockValues[offsets] = v;
            offsets++;
        }
    }

    private XdfIndex(MemorySegment file, String source) {
        this.file = file;
        this.source = source;
        this.size = file.byteSize();
    }

    /** Walks {@code file} (plain XDF, from its magic on); {@code source} names it in messages. */
    static XdfIndex of(MemorySegment file, String source) throws XdfFormatException {
        XdfIndex x = new XdfIndex(file, source);
        x.walk();
        return x;
    }

    /*
     * The mapping is read only through MemorySegment.copy (into this scratch or into the streams' arrays), never
     * through per-value accessors: a file is walked once per process, mostly before the JIT has compiled anything,
     * and the accessors' set-up and interpreted cost would then outweigh the bytes themselves.
     */
    private final byte[] scratch = new byte[16];

    /** Copies up to 16 bytes from {@code at} (fewer at the end of the file) into the scratch; returns how many. */
    private int fetch(long at, int n) {
        int k = (int) Math.min(n, size - at);
        MemorySegment.copy(file, ValueLayout.JAVA_BYTE, at, scratch, 0, k);
        return k;
    }

    private int u8(int i) { return scratch[i] & 0xff; }

    private long littleEndian(int from, int width) {
        long v = 0;
        for (int i = width - 1; i >= 0; i--) v = (v << 8) | u8(from + i);
        return v;
    }

    private void walk() throws XdfFormatException {
        byte[] magic = XdfFormat.MAGIC;
        int have = (int) Math.min(size, magic.length);
        byte[] m = new byte[have];
        MemorySegment.copy(file, ValueLayout.JAVA_BYTE, 0, m, 0, have);
        if (have < magic.length || !Arrays.equals(m, magic)) {
            throw new XdfFormatException(source, 0, -1, -1, have < 4 && Arrays.equals(m, Arrays.copyOf(magic, have))
                    ? "file ends after " + have + " bytes, inside the magic 'XDF:'"
                    : "not an XDF file (does not start with 'XDF:')");
        }
        long pos = magic.length;
        boolean first = true;
        while (true) {
            long start = pos;
            if (pos >= size) break;
            // width, length, tag and stream id: at most 15 bytes
            fetch(pos, 15);
            int width = u8(0);
            pos++;
            if (width != 1 && width != 4 && width != 8) {
                throw new XdfFormatException(source, start, -1, -1,
                        "chunk length has width " + width + " (only 1, 4 or 8 are valid)");
            }
            if (size - pos < width) {
                stop(size, new XdfFile.Stop(start, "file ends inside a chunk length field"));
                return;
            }
            long length = littleEndian(1, width);
            pos += width;
            if (length < 0) throw new XdfFormatException(source, start, -1, -1, "chunk length " + Long.toUnsignedString(length) + " is too large");
            if (length < 2) throw new XdfFormatException(source, start, -1, -1, "chunk length " + length + " leaves no room for the tag");
            if (length > size - pos) {
                stop(pos, new XdfFile.Stop(start, "chunk declares " + length + " bytes but only " + (size - pos)
                        + " remain in the file"));
                return;
            }
            int tag = u8(1 + width) | u8(2 + width) << 8;
            long end = pos + length;
            pos += 2;
            long contentLength = length - 2;
            if (first && tag != XdfFormat.TAG_FILE_HEADER) {
                problems.add(source + ": byte " + start + ": first chunk is not a FileHeader");
            }
            first = false;
            if (tag < 1 || tag > 6) {
                problems.add(source + ": byte " + start + ": skipped a chunk with unknown tag " + tag);
                pos = end;
                continue;
            }
            int id = -1;
            if (XdfFormat.hasStreamId(tag)) {
                if (contentLength < 4) {
                    throw new XdfFormatException(source, start, tag, -1, "chunk length " + length + " leaves no room for the stream id");
                }
                long sid = littleEndian(3 + width, 4);
                pos += 4;
                contentLength -= 4;
                if (sid > Integer.MAX_VALUE) {
                    throw new XdfFormatException(source, start, tag, -1, "stream id " + sid + " is out of range");
                }
                id = (int) sid;
            }
            if (contentLength > Integer.MAX_VALUE - 64) {
                throw new XdfFormatException(source, start, tag, id, "chunk content of " + contentLength
                        + " bytes is larger than this reader accepts (2 GiB)");
            }
            chunk(start, tag, id, pos, end);
            pos = end;
        }
        bytesRead = size;
    }

    private void stop(long consumed, XdfFile.Stop s) {
        stop = s;
        bytesRead = consumed;
    }

    private String text(long from, long to) {
        return new String(file.asSlice(from, to - from).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    private void chunk(long start, int tag, int id, long c, long end) throws XdfFormatException {
        switch (tag) {
            case XdfFormat.TAG_FILE_HEADER -> {
                if (header == null) header = text(c, end);
                else problems.add(source + ": byte " + start + ": a second FileHeader (ignored)");
            }
            case XdfFormat.TAG_STREAM_HEADER -> {
                if (streams.containsKey(id)) {
                    throw new XdfFormatException(source, start, tag, id, "a second header for stream " + id);
                }
                StreamInfo info;
                try {
                    info = StreamInfoXml.parse(text(c, end));
                } catch (InfoXmlException e) {
                    throw new XdfFormatException(source, start, tag, id, e.getMessage());
                }
                if (info.channelCount() < 1) {
                    throw new XdfFormatException(source, start, tag, id, "stream '" + info.name() + "': <channel_count> "
                            + info.channelCount() + " must be >= 1");
                }
                streams.put(id, new StreamEntry(id, info));
            }
            case XdfFormat.TAG_SAMPLES -> {
                StreamEntry s = streams.get(id);
                if (s == null) throw new XdfFormatException(source, start, tag, id, "samples of stream " + id + " before its StreamHeader");
                long[] at = {c};
                long n = varlen(at, end, start, tag, id, "sample count");
                ChannelFormat format = s.info.channelFormat();
                long minSample = 1 + (long) s.info.channelCount() * (format == ChannelFormat.STRING ? 2 : format.valueSize());
                long remaining = end - at[0];
                if (n > remaining / minSample) {
                    throw new XdfFormatException(source, start, tag, id, "declares " + n + " samples but its " + remaining
                            + " bytes hold at most " + remaining / minSample);
                }
                s.chunk(start, at[0], end, (int) n);
            }
            case XdfFormat.TAG_CLOCK_OFFSET -> {
                if (end - c != 16) {
                    throw new XdfFormatException(source, start, tag, id, "content is " + (end - c) + " bytes, expected 16");
                }
                StreamEntry s = streams.get(id);
                if (s == null) {
                    problems.add(source + ": byte " + start + ": clock offset of stream " + id
                            + " which has no StreamHeader (ignored)");
                } else {
                    fetch(c, 16);
                    s.offset(Double.longBitsToDouble(littleEndian(0, 8)), Double.longBitsToDouble(littleEndian(8, 8)));
                }
            }
            case XdfFormat.TAG_BOUNDARY -> {
                byte[] u = XdfFormat.BOUNDARY_UUID;
                if (end - c != u.length || fetch(c, u.length) != u.length || !Arrays.equals(scratch, 0, u.length, u, 0, u.length)) {
                    throw new XdfFormatException(source, start, tag, -1, "content is not the boundary UUID");
                }
            }
            case XdfFormat.TAG_STREAM_FOOTER -> {
                StreamEntry s = streams.get(id);
                if (s == null) {
                    problems.add(source + ": byte " + start + ": footer of stream " + id
                            + " which has no StreamHeader (ignored)");
                    return;
                }
                try {
                    s.footer = StreamFooterInfo.parse(text(c, end));
                } catch (InfoXmlException e) {
                    problems.add(source + ": byte " + start + ": footer of stream " + id
                            + " is not well-formed XML (ignored): " + e.getMessage());
                }
            }
            default -> throw new IllegalStateException("tag " + tag);
        }
    }

    /** A variable-length count at {@code at[0]} (advanced past it), checked as {@link XdfChunkReader} checks it. */
    long varlen(long[] at, long end, long start, int tag, int id, String what) throws XdfFormatException {
        long p = at[0];
        if (p >= end) throw new XdfFormatException(source, start, tag, id, what + " runs past the chunk end");
        fetch(p, (int) Math.min(9, end - p));
        int w = scratch[0];
        p++;
        long left = end - p;
        long v;
        if (w == 1 && left >= 1) v = u8(1);
        else if (w == 4 && left >= 4) v = littleEndian(1, 4);
        else if (w == 8 && left >= 8) v = littleEndian(1, 8);
        else if (w == 1 || w == 4 || w == 8) throw new XdfFormatException(source, start, tag, id, what + " runs past the chunk end");
        else throw new XdfFormatException(source, start, tag, id, what + " has width " + w + " (only 1, 4 or 8 are valid)");
        if (v < 0) throw new XdfFormatException(source, start, tag, id, what + " " + Long.toUnsignedString(v) + " is too large");
        at[0] = p + w;
        return v;
    }

    /** The stream named {@code name}, or null. */
    StreamEntry stream(String name) {
        for (StreamEntry s : streams.values()) if (s.info.name().equals(name)) return s;
        return null;
    }

    XdfFormatException overrun(StreamEntry s, int chunk, int k) {
        return new XdfFormatException(source, s.chunkStart[chunk], XdfFormat.TAG_SAMPLES, s.id, "sample " + k
                + " runs past the chunk end");
    }

    /**
     * Decodes chunk {@code chunk} of {@code s}: timestamps (stored or deduced from {@code prev}) into {@code ts} from
     * {@code at}, values into {@code values} from sample {@code at}. Returns the last timestamp.
     */
    double decode(StreamEntry s, int chunk, double prev, double[] ts, SampleValues values, int at)
            throws XdfFormatException {
        long p = s.chunkContent[chunk];
        long end = s.chunkEnd[chunk];
        int count = s.chunkCount[chunk];
        int channels = s.info.channelCount();
        ChannelFormat format = s.info.channelFormat();
        long valueBytes = (long) channels * format.valueSize();
        for (int k = 0; k < count; k++) {
            if (p >= end) throw overrun(s, chunk, k);
            fetch(p, (int) Math.min(9, end - p));
            int tb = scratch[0];
            p++;
            double t;
            if (tb == 0) {
                t = prev + s.interval;
            } else if (tb == 8) {
                if (end - p < 8) throw overrun(s, chunk, k);
                t = Double.longBitsToDouble(littleEndian(1, 8));
                p += 8;
            } else {
                throw new XdfFormatException(source, s.chunkStart[chunk], XdfFormat.TAG_SAMPLES, s.id, "sample " + k
                        + " has timestamp width " + tb + " (only 0 or 8 are valid)");
            }
            ts[at + k] = t;
            prev = t;
            int dst = (at + k) * channels;
            if (format != ChannelFormat.STRING && end - p < valueBytes) throw overrun(s, chunk, k);
            switch (values) {
                case SampleValues.Float32 v -> MemorySegment.copy(file, F32, p, v.data(), dst, channels);
                case SampleValues.Double64 v -> MemorySegment.copy(file, F64, p, v.data(), dst, channels);
                case SampleValues.Int32 v -> MemorySegment.copy(file, I32, p, v.data(), dst, channels);
                case SampleValues.Int16 v -> MemorySegment.copy(file, I16, p, v.data(), dst, channels);
                case SampleValues.Int8 v -> MemorySegment.copy(file, ValueLayout.JAVA_BYTE, p, v.data(), dst, channels);
                case SampleValues.Int64 v -> MemorySegment.copy(file, I64, p, v.data(), dst, channels);
                case SampleValues.Strings v -> {
                    long[] cursor = {p};
                    for (int i = 0; i < channels; i++) {
                        long len = varlen(cursor, end, s.chunkStart[chunk], XdfFormat.TAG_SAMPLES, s.id, "string length");
                        if (len > end - cursor[0]) {
                            throw new XdfFormatException(source, s.chunkStart[chunk], XdfFormat.TAG_SAMPLES, s.id,
                                    "sample " + k + " channel " + i + ": string of " + len + " bytes runs past the chunk end");
                        }
                        v.data()[dst + i] = text(cursor[0], cursor[0] + len);
                        cursor[0] += len;
                    }
                    p = cursor[0] - valueBytes;
                }
            }
            p += valueBytes;
        }
        if (p < end) {
            throw new XdfFormatException(source, s.chunkStart[chunk], XdfFormat.TAG_SAMPLES, s.id, (end - p)
                    + " bytes left after its " + count + " samples");
        }
        return prev;
    }
}
