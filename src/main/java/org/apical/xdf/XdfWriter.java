package org.apical.xdf;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.StreamInfoXml;

/**
 * Writes an XDF file the way LabRecorder does, append-only and crash-safe.
 *
 * <p>Samples are encoded straight into a per-stream buffer (no object per sample) and leave it as one Samples
 * chunk when the buffer is full or at a flush. A flush (at most {@code flushIntervalSeconds} after the previous
 * one, checked on every call, and on {@link #flush()}) writes every pending chunk to the file, so a process
 * killed at any moment leaves a file that is complete up to the last flush. Nothing depends on the footers
 * written by {@link #close()}: offsets of local streams are written at the start and every few seconds.
 *
 * <p>Single-threaded: one thread owns a writer (use {@link Recorder} to write from real-time threads).
 * Stream ids are 1, 2, 3, ... in order of {@link #addStream}; streams may be added at any time.
 */
public final class XdfWriter implements Closeable, Flushable {
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");
    private static final int OUT_BYTES = 1 << 20;

    private final Path firstPath;
    private final XdfWriterOptions options;
    private final List<Path> files = new ArrayList<>();
    private final ByteBuffer out = ByteBuffer.allocateDirect(OUT_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer head = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
    private StreamState[] streams = new StreamState[8];
    private FileChannel channel;
    private int part;
    private long fileBytes;
    private long bytesWritten;
    private long samplesWritten;
    private double fileOpenedAt;
    private double lastFlushAt;
    private double lastOffsetAt;
    private double lastBoundaryAt;
    private boolean closed;
    private long flushes;

    private XdfWriter(Path path, XdfWriterOptions options) {
        this.firstPath = path;
        this.options = options;
    }

    /** Creates (or truncates) {@code path} and writes the magic and the file header. */
    public static XdfWriter create(Path path) throws IOException {
        return create(path, XdfWriterOptions.defaults());
    }

    public static XdfWriter create(Path path, XdfWriterOptions options) throws IOException {
        XdfWriter w = new XdfWriter(path, options);
        w.openFile(path);
        return w;
    }

    // ---- streams ---------------------------------------------------------------------------------------

    /** Declares a stream stamped with the local clock; returns its id. Writes its StreamHeader now. */
    public int addStream(StreamInfo meta) throws IOException {
        return addStream(meta, StreamClock.LOCAL);
    }

    public int addStream(StreamInfo meta, StreamClock clock) throws IOException {
        int id = 1;
        while (id < streams.length && streams[id] != null) id++;
        addStream(id, meta, clock);
        return id;
    }

    /** Declares a stream under a chosen id (>= 1, unused). */
    public void addStream(int id, StreamInfo meta, StreamClock clock) throws IOException {
        ensureOpen();
        checkWritable(meta);
        if (id < 1) throw new IllegalArgumentException("stream id " + id + " must be >= 1");
        if (id >= streams.length) streams = Arrays.copyOf(streams, Math.max(id + 1, streams.length * 2));
        if (streams[id] != null) {
            throw new IllegalArgumentException("stream id " + id + " is already used by '" + streams[id].meta.name() + "'");
        }
        StreamState s = new StreamState(id, meta, clock, options.maxChunkBytes());
        streams[id] = s;
        writeStreamHeader(s);
        if (clock == StreamClock.LOCAL) writeOffset(s, options.localClock().getAsDouble(), 0.0);
    }

    /** XDF readers need at least one channel per stream (an LSL info may declare none). */
    static void checkWritable(StreamInfo meta) {
        if (meta.channelCount() < 1) {
            throw new IllegalArgumentException("stream '" + meta.name() + "': channel count " + meta.channelCount()
                    + " must be >= 1");
        }
    }

    /** True if stream {@code id} has been declared. */
    public boolean hasStream(int id) { return id > 0 && id < streams.length && streams[id] != null; }

    /** The metadata of stream {@code id}. */
    public StreamInfo stream(int id) { return state(id).meta; }

    // ---- samples ---------------------------------------------------------------------------------------

    /** One sample of a numeric stream; values are converted to the stream's format with Java's casts. */
    public void appendNumeric(int streamId, double timestamp, double[] values) throws IOException {
        StreamState s = numeric(streamId, values.length);
        beginSample(s, timestamp);
        s.putDoubles(values, 0);
        afterAppend();
    }

    /** One sample of a numeric stream given as floats (no conversion for float32 streams). */
    public void appendFloats(int streamId, double timestamp, float[] values) throws IOException {
        StreamState s = numeric(streamId, values.length);
        beginSample(s, timestamp);
        s.putFloats(values, 0);
        afterAppend();
    }

    /** One sample of a numeric stream given as longs (exact for int64 streams). */
    public void appendLongs(int streamId, double timestamp, long[] values) throws IOException {
        StreamState s = numeric(streamId, values.length);
        beginSample(s, timestamp);
        s.putLongs(values, 0);
        afterAppend();
    }

    /**
     * {@code samples} samples of a numeric stream: {@code timestamps[0..samples)} and {@code values} multiplexed
     * (sample 0's channels, then sample 1's, ...).
     */
    public void appendChunk(int streamId, double[] timestamps, double[] values, int samples) throws IOException {
        StreamState s = state(streamId);
        checkChunk(s, timestamps.length, values.length, samples);
        int ch = s.meta.channelCount();
        for (int i = 0; i < samples; i++) {
            beginSample(s, timestamps[i]);
            s.putDoubles(values, i * ch);
        }
        afterAppend();
    }

    /** As {@link #appendChunk(int, double[], double[], int)} with float values. */
    public void appendChunk(int streamId, double[] timestamps, float[] values, int samples) throws IOException {
        StreamState s = state(streamId);
        checkChunk(s, timestamps.length, values.length, samples);
        int ch = s.meta.channelCount();
        for (int i = 0; i < samples; i++) {
            beginSample(s, timestamps[i]);
            s.putFloats(values, i * ch);
        }
        afterAppend();
    }

    /** One sample of a string stream (one string per channel), stored as UTF-8. */
    public void appendStrings(int streamId, double timestamp, String... values) throws IOException {
        StreamState s = state(streamId);
        if (s.meta.channelFormat() != ChannelFormat.STRING) {
            throw new IllegalArgumentException("stream '" + s.meta.name() + "' is " + s.meta.channelFormat().xmlName()
                    + ", not string");
        }
        if (values.length != s.meta.channelCount()) {
            throw new IllegalArgumentException("stream '" + s.meta.name() + "' has " + s.meta.channelCount()
                    + " channels, got " + values.length + " values");
        }
        byte[][] encoded = new byte[values.length][];
        int need = 9; // the timestamp
        for (int i = 0; i < values.length; i++) {
            encoded[i] = (values[i] == null ? "" : values[i]).getBytes(StandardCharsets.UTF_8);
            need += 9 + encoded[i].length; // a length prefix takes at most 9 bytes
        }
        s.reserve(need, this);
        beginSample(s, timestamp);
        for (byte[] e : encoded) {
            putVarlen(s.pending, e.length);
            s.pending.put(e);
        }
        afterAppend();
    }

    /**
     * Samples whose values are already encoded in the stream's format, little-endian, {@code samples × channels ×
     * size} bytes from {@code data[offset]} (the recorder's producers encode on their own thread).
     */
    void appendEncoded(int streamId, double[] timestamps, int samples, byte[] data, int offset) throws IOException {
        StreamState s = state(streamId);
        int bytes = s.sampleBytes;
        for (int i = 0; i < samples; i++) {
            beginSample(s, timestamps[i]);
            s.pending.put(data, offset + i * bytes, bytes);
        }
        afterAppend();
    }

    /**
     * A clock-offset measurement for a stream ({@link StreamClock#REMOTE}): {@code offset} = local − remote
     * (LSL time_correction) measured at local time {@code localNow}. Written as LabRecorder does: collection
     * time in the stream's clock ({@code localNow − offset}) and the offset.
     */
    public void clockOffset(int streamId, double localNow, double offset) throws IOException {
        writeOffset(state(streamId), localNow, offset);
        afterAppend();
    }

    /** Writes a Boundary chunk now (also written every {@code boundaryIntervalSeconds}). */
    public void boundary() throws IOException {
        ensureOpen();
        writeChunk(XdfFormat.TAG_BOUNDARY, -1, XdfFormat.BOUNDARY_UUID);
    }

    // ---- time-driven duties ----------------------------------------------------------------------------

    /**
     * Does whatever is due: flush, local clock offsets, boundary chunk, rollover. Called on every append; call
     * it also when idle so that the flush interval holds when no samples come.
     */
    public void tick() throws IOException {
        ensureOpen();
        double now = options.localClock().getAsDouble();
        if (now - lastOffsetAt >= options.clockOffsetIntervalSeconds()) {
            lastOffsetAt = now;
            for (StreamState s : streams) {
                if (s != null && s.clock == StreamClock.LOCAL) writeOffset(s, now, 0.0);
            }
        }
        if (now - lastBoundaryAt >= options.boundaryIntervalSeconds()) {
            lastBoundaryAt = now;
            boundary();
        }
        if (now - lastFlushAt >= options.flushIntervalSeconds()) flushAt(now);
    }

    /** Writes every pending sample to the file (and forces it to disk if {@code fsync}); may roll over. */
    @Override public void flush() throws IOException {
        ensureOpen();
        flushAt(options.localClock().getAsDouble());
    }

    private void flushAt(double now) throws IOException {
        for (StreamState s : streams) if (s != null && s.pendingSamples > 0) emitChunk(s);
        drain();
        if (options.fsync()) channel.force(false);
        lastFlushAt = now;
        flushes++;
        boolean bySize = options.rolloverBytes() > 0 && fileBytes >= options.rolloverBytes();
        boolean byTime = options.rolloverSeconds() > 0 && now - fileOpenedAt >= options.rolloverSeconds();
        if (bySize || byTime) rollover();
    }

    /** Writes pending samples, one StreamFooter per stream, and closes the file. Idempotent. */
    @Override public void close() throws IOException {
        if (closed) return;
        try {
            closeFile();
        } finally {
            closed = true;
        }
    }

    // ---- figures ---------------------------------------------------------------------------------------

    /** Samples written into chunks so far (all files). */
    public long samplesWritten() { return samplesWritten; }

    /** Bytes handed to the operating system so far (all files). */
    public long bytesWritten() { return bytesWritten; }

    /** Samples appended to stream {@code id} so far (all files, including ones still buffered). */
    public long sampleCount(int streamId) { return state(streamId).totalCount; }

    /** Flushes done so far; after the n-th, every sample appended before it is in the file. */
    public long flushes() { return flushes; }

    /** Every file written so far, in order (more than one after a rollover). */
    public List<Path> files() { return List.copyOf(files); }

    /** The file being written. */
    public Path currentFile() { return files.getLast(); }

    public XdfWriterOptions options() { return options; }

    public boolean isClosed() { return closed; }

    // ---- internals -------------------------------------------------------------------------------------

    private void openFile(Path path) throws IOException {
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        files.add(path);
        part++;
        fileBytes = 0;
        double now = options.localClock().getAsDouble();
        fileOpenedAt = lastFlushAt = lastOffsetAt = lastBoundaryAt = now;
        out.clear();
        out.put(XdfFormat.MAGIC);
        fileBytes += XdfFormat.MAGIC.length;
        String datetime = ZonedDateTime.now(options.wallClock()).format(DATETIME);
        String header = "<?xml version=\"1.0\"?>\n<info>\n\t<version>1.0</version>\n\t<datetime>" + datetime
                + "</datetime>\n\t<writer>Apical</writer>\n\t<part>" + part + "</part>\n</info>\n";
        writeChunk(XdfFormat.TAG_FILE_HEADER, -1, header.getBytes(StandardCharsets.UTF_8));
        // Make the header durable at once: a file killed in its first second is still a valid XDF file.
        drain();
    }

    private void rollover() throws IOException {
        closeFile();
        openFile(nextPath());
        double now = options.localClock().getAsDouble();
        for (StreamState s : streams) {
            if (s == null) continue;
            s.startFile();
            writeStreamHeader(s);
            // Each file is self-contained: repeat the latest clock measurement so it can be synchronised alone.
            if (s.clock == StreamClock.LOCAL) writeOffset(s, now, 0.0);
            else if (!Double.isNaN(s.lastOffsetNow)) writeOffset(s, s.lastOffsetNow, s.lastOffsetValue);
        }
        boundary();
        drain();
    }

    private Path nextPath() {
        String name = firstPath.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        return firstPath.resolveSibling(stem + "-part" + (part + 1) + ext);
    }

    private void closeFile() throws IOException {
        if (channel == null) return;
        try {
            for (StreamState s : streams) if (s != null && s.pendingSamples > 0) emitChunk(s);
            // A finished file ends as LabRecorder's do after a long session, whatever its length: the last reading of
            // the local clock, a boundary chunk to resynchronise on, then the footers (which list the offsets).
            double now = options.localClock().getAsDouble();
            for (StreamState s : streams) if (s != null && s.clock == StreamClock.LOCAL) writeOffset(s, now, 0.0);
            writeChunk(XdfFormat.TAG_BOUNDARY, -1, XdfFormat.BOUNDARY_UUID);
            for (StreamState s : streams) if (s != null) writeChunk(XdfFormat.TAG_STREAM_FOOTER, s.id, s.footer());
            drain();
            if (options.fsync()) channel.force(true);
        } finally {
            channel.close();
            channel = null;
        }
    }

    private void writeStreamHeader(StreamState s) throws IOException {
        writeChunk(XdfFormat.TAG_STREAM_HEADER, s.id, StreamInfoXml.full(s.meta).getBytes(StandardCharsets.UTF_8));
    }

    private void writeOffset(StreamState s, double localNow, double offset) throws IOException {
        ensureOpen();
        double collectionTime = localNow - offset;
        head.clear();
        putVarlen(head, 2 + 4 + 16);
        head.putShort((short) XdfFormat.TAG_CLOCK_OFFSET).putInt(s.id).putDouble(collectionTime).putDouble(offset);
        head.flip();
        put(head);
        s.recordOffset(localNow, collectionTime, offset);
    }

    private void writeChunk(int tag, int streamId, byte[] content) throws IOException {
        long length = 2 + (streamId >= 0 ? 4 : 0) + content.length;
        head.clear();
        putVarlen(head, length);
        head.putShort((short) tag);
        if (streamId >= 0) head.putInt(streamId);
        head.flip();
        put(head);
        put(ByteBuffer.wrap(content));
    }

    /** Moves a stream's pending samples into the output as one Samples chunk. */
    void emitChunk(StreamState s) throws IOException {
        ByteBuffer p = s.pending;
        int n = s.pendingSamples;
        long length = 2 + 4 + 5 + p.position();
        head.clear();
        putVarlen(head, length);
        // LabRecorder always writes NumSamples as a width-4 varlen int.
        head.putShort((short) XdfFormat.TAG_SAMPLES).putInt(s.id).put((byte) 4).putInt(n);
        head.flip();
        put(head);
        p.flip();
        put(p);
        p.clear();
        s.pendingSamples = 0;
        samplesWritten += n;
    }

    private void put(ByteBuffer src) throws IOException {
        int total = src.remaining();
        while (src.hasRemaining()) {
            if (!out.hasRemaining()) drain();
            int n = Math.min(out.remaining(), src.remaining());
            int lim = src.limit();
            src.limit(src.position() + n);
            out.put(src);
            src.limit(lim);
        }
        fileBytes += total;
    }

    private void drain() throws IOException {
        out.flip();
        while (out.hasRemaining()) bytesWritten += channel.write(out);
        out.clear();
    }

    static void putVarlen(ByteBuffer b, long value) {
        switch (XdfFormat.varlenWidth(value)) {
            case 1 -> b.put((byte) 1).put((byte) value);
            case 4 -> b.put((byte) 4).putInt((int) value);
            default -> b.put((byte) 8).putLong(value);
        }
    }

    private void beginSample(StreamState s, double timestamp) throws IOException {
        s.reserve(9 + s.sampleBytes, this);
        ByteBuffer p = s.pending;
        // Omit the timestamp exactly when a reader would deduce the same double (previous + 1/srate; the
        // previous of a file's first sample is 0.0), as LabRecorder intends; but never for a chunk's first sample,
        // so that a chunk lost from a copy cannot shift the timestamps of the next one (8 bytes a chunk).
        if (s.pendingSamples > 0
                && Double.doubleToRawLongBits(s.prevTimestamp + s.interval) == Double.doubleToRawLongBits(timestamp)) {
            p.put((byte) 0);
        } else {
            p.put((byte) 8).putDouble(timestamp);
        }
        s.countSample(timestamp);
    }

    private void afterAppend() throws IOException {
        tick();
    }

    private StreamState state(int id) {
        if (id < 1 || id >= streams.length || streams[id] == null) {
            throw new IllegalArgumentException("no stream with id " + id + " in this recording");
        }
        ensureOpenUnchecked();
        return streams[id];
    }

    private StreamState numeric(int id, int valueCount) {
        StreamState s = state(id);
        if (s.meta.channelFormat() == ChannelFormat.STRING) {
            throw new IllegalArgumentException("stream '" + s.meta.name() + "' is a string stream: use appendStrings");
        }
        if (valueCount != s.meta.channelCount()) {
            throw new IllegalArgumentException("stream '" + s.meta.name() + "' has " + s.meta.channelCount()
                    + " channels, got " + valueCount + " values");
        }
        return s;
    }

    private static void checkChunk(StreamState s, int timestamps, int values, int samples) {
        if (s.meta.channelFormat() == ChannelFormat.STRING) {
            throw new IllegalArgumentException("stream '" + s.meta.name() + "' is a string stream: use appendStrings");
        }
        if (samples < 0 || samples > timestamps || (long) samples * s.meta.channelCount() > values) {
            throw new IllegalArgumentException("stream '" + s.meta.name() + "': " + samples + " samples need "
                    + samples + " timestamps and " + (long) samples * s.meta.channelCount() + " values, got "
                    + timestamps + " and " + values);
        }
    }

    private void ensureOpen() throws IOException {
        if (closed || channel == null) throw new IOException("XDF writer for " + firstPath + " is closed");
    }

    private void ensureOpenUnchecked() {
        if (closed || channel == null) throw new IllegalStateException("XDF writer for " + firstPath + " is closed");
    }

    /** Size in bytes of the file being written, including buffered bytes. */
    public long currentFileBytes() { return fileBytes; }

}
