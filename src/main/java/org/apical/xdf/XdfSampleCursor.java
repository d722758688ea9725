package org.apical.xdf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;

/**
 * One numeric stream of a plain XDF file, sample by sample, without loading the file or the other streams: the file
 * is mapped, the chunk headers walked once ({@link XdfIndex}), and each {@link #next} decodes one sample of the
 * stream straight from the mapping into the caller's array. Nothing is allocated per sample; only the pages that hold
 * the stream's chunks are read. Timestamps are as stored or deduced (no clock correction). Not thread-safe.
 */
public final class XdfSampleCursor implements AutoCloseable {
    private final Arena arena;
    private final XdfIndex index;
    private final XdfIndex.StreamEntry stream;
    private final MemorySegment file;
    private final int channels;
    private final ChannelFormat format;
    private final byte[] head = new byte[9];
    /** One sample in the stream's own type, copied in bulk before widening to double. */
    private final SampleValues values;
    private int chunk = -1;
    private int left;
    private long p;
    private double timestamp;

    /** @param arena the mapping's, closed with the cursor; null when the mapping belongs to an {@link XdfMappedFile} */
    XdfSampleCursor(Arena arena, XdfIndex index, XdfIndex.StreamEntry stream) {
        this.arena = arena;
        this.index = index;
        this.stream = stream;
        this.file = index.file;
        this.channels = stream.info.channelCount();
        this.format = stream.info.channelFormat();
        this.values = SampleValues.allocate(format, channels, 1);
    }

    /**
     * Opens stream {@code name} of {@code path}. A missing stream, a string stream, a gzip file or an invalid chunk
     * header is an {@link IOException} naming the file (a file that ends inside a chunk gives its complete chunks).
     */
    public static XdfSampleCursor open(Path path, String name) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment file = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            byte[] magic = new byte[(int) Math.min(2, file.byteSize())];
            MemorySegment.copy(file, ValueLayout.JAVA_BYTE, 0, magic, 0, magic.length);
            if (magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
                throw new IOException(path + ": is gzip-compressed; a stream is read sample by sample only from a plain .xdf");
            }
            XdfIndex index = XdfIndex.of(file, path.toString());
            XdfIndex.StreamEntry s = index.stream(name);
            if (s == null) {
                throw new IOException(path + ": has no stream '" + name + "' (streams: "
                        + index.streams.values().stream().map(e -> e.info.name()).toList() + ")");
            }
            if (s.info.channelFormat() == ChannelFormat.STRING) {
                throw new IOException(path + ": stream '" + name + "' holds text, not numeric samples");
            }
            return new XdfSampleCursor(arena, index, s);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    public StreamInfo info() { return stream.info; }

    /** Samples in the file's complete chunks. */
    public long samples() { return stream.samples; }

    /** Where reading the file stopped early (it ends inside a chunk), or null. */
    public XdfFile.Stop stop() { return index.stop; }

    /** The timestamp of the sample {@link #next} last gave. */
    public double timestamp() { return timestamp; }

    /**
     * Decodes the next sample's values into {@code row} (at least {@link StreamInfo#channelCount()} long) and its
     * timestamp into {@link #timestamp()}; false after the last sample.
     */
    public boolean next(double[] row) throws XdfFormatException {
        if (!advance()) return false;
        sampleValues(row);
        return finishSample();
    }

    /**
     * Copies the next sample of an int16 stream into {@code row} as stored (at least {@link StreamInfo#channelCount()}
     * long; raw frames keep their uint16 bits this way) and its timestamp into {@link #timestamp()}; false after the
     * last sample.
     */
    public boolean next(short[] row) throws XdfFormatException {
        if (format != ChannelFormat.INT16) {
            throw new IllegalStateException("stream '" + stream.info.name() + "' is " + format.xmlName() + ", not int16");
        }
        if (!advance()) return false;
        MemorySegment.copy(file, XdfIndex.I16, p, row, 0, channels);
        return finishSample();
    }

    /** Moves to the next sample's values, reading its timestamp; false after the last sample. */
    private boolean advance() throws XdfFormatException {
        while (left == 0) {
            if (++chunk >= stream.chunks) return false;
            left = stream.chunkCount[chunk];
            p = stream.chunkContent[chunk];
        }
        long end = stream.chunkEnd[chunk];
        int k = stream.chunkCount[chunk] - left;
        if (p >= end) throw index.overrun(stream, chunk, k);
        int n = (int) Math.min(9, end - p);
        MemorySegment.copy(file, ValueLayout.JAVA_BYTE, p, head, 0, n);
        p++;
        int tb = head[0];
        if (tb == 0) {
            timestamp += stream.interval;
        } else if (tb == 8 && n == 9) {
            long bits = 0;
            for (int i = 8; i >= 1; i--) bits = (bits << 8) | (head[i] & 0xffL);
            timestamp = Double.longBitsToDouble(bits);
            p += 8;
        } else if (tb == 8) {
            throw index.overrun(stream, chunk, k);
        } else {
            throw new XdfFormatException(index.source, stream.chunkStart[chunk], XdfFormat.TAG_SAMPLES, stream.id,
                    "sample " + k + " has timestamp width " + tb + " (only 0 or 8 are valid)");
        }
        int size = format.valueSize();
        if (end - p < (long) channels * size) throw index.overrun(stream, chunk, k);
        return true;
    }

    private void sampleValues(double[] row) {
        switch (values) {
            case SampleValues.Float32 v -> {
                MemorySegment.copy(file, XdfIndex.F32, p, v.data(), 0, channels);
                for (int c = 0; c < channels; c++) row[c] = v.data()[c];
            }
            case SampleValues.Double64 v -> MemorySegment.copy(file, XdfIndex.F64, p, row, 0, channels);
            case SampleValues.Int32 v -> {
                MemorySegment.copy(file, XdfIndex.I32, p, v.data(), 0, channels);
                for (int c = 0; c < channels; c++) row[c] = v.data()[c];
            }
            case SampleValues.Int16 v -> {
                MemorySegment.copy(file, XdfIndex.I16, p, v.data(), 0, channels);
                for (int c = 0; c < channels; c++) row[c] = v.data()[c];
            }
            case SampleValues.Int8 v -> {
                MemorySegment.copy(file, ValueLayout.JAVA_BYTE, p, v.data(), 0, channels);
                for (int c = 0; c < channels; c++) row[c] = v.data()[c];
            }
            case SampleValues.Int64 v -> {
                MemorySegment.copy(file, XdfIndex.I64, p, v.data(), 0, channels);
                for (int c = 0; c < channels; c++) row[c] = v.data()[c];
            }
            case SampleValues.Strings v -> throw new IllegalStateException("string stream");
        }
    }

    private boolean finishSample() throws XdfFormatException {
        long end = stream.chunkEnd[chunk];
        p += (long) channels * format.valueSize();
        left--;
        if (left == 0 && p != end) {
            throw new XdfFormatException(index.source, stream.chunkStart[chunk], XdfFormat.TAG_SAMPLES, stream.id,
                    (end - p) + " bytes left after its " + stream.chunkCount[chunk] + " samples");
        }
        return true;
    }

    @Override public void close() {
        if (arena != null) arena.close();
    }
}
