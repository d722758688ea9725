package org.apical.xdf;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;

/**
 * Records streams to XDF off the caller's thread. Producers (any number of threads) copy samples into a bounded
 * ring (LMAX Disruptor) and return at once; one writer thread, named by {@link RecorderOptions#roleName()}, drains
 * the ring in batches into an {@link XdfWriter}, which flushes at least once a second.
 *
 * <p>A producer never waits on the disk. If the writer falls behind and the ring is full, the samples of that call
 * are not enqueued: the call returns false (or the number accepted), they are counted in {@link #stats()} per
 * stream, and the writer writes a marker into the file's "apical-recorder" stream saying how many were lost.
 *
 * <p>Typical session:
 * <pre>{@code
 * try (Recorder rec = Recorder.start(XdfWriter.create(path), RecorderOptions.defaults())) {
 *     int raw = rec.addStream(inlet.info(), StreamClock.REMOTE);
 *     int cursor = rec.addStream(StreamInfo.recorded("apical-cursor", "Control", 2, 30, ChannelFormat.DOUBLE64, "..."));
 *     int events = rec.addStream(StreamInfo.recorded("apical-events", "Markers", 1, 0, ChannelFormat.STRING, "..."));
 *     ... rec.appendChunk(raw, ts, values, n); rec.appendNumeric(cursor, t, xy); rec.appendStrings(events, t, "hit");
 * }   // close() (or finish() for the figures): drains, writes footers, closes the file
 * }</pre>
 */
public final class Recorder implements AutoCloseable {
    /** Stream ids are 1..MAX_STREAMS-1. */
    static final int MAX_STREAMS = 256;
    static final String LOSS_STREAM = "apical-recorder";

    private final XdfWriter writer;
    private final RecorderOptions options;
    private final RingBuffer<RecordSlot> ring;
    private final RecorderAgent agent;
    private volatile StreamInfo[] metas = new StreamInfo[MAX_STREAMS];
    private int nextId = 1;

    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong handledSamples = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLongArray droppedPerStream = new AtomicLongArray(MAX_STREAMS);
    private final AtomicLong backlogMaxSamples = new AtomicLong();
    private final AtomicLong backlogMaxSlots = new AtomicLong();
    private volatile long samplesWritten;
    private volatile long bytesWritten;

    private volatile boolean running;
    private Thread thread;
    private RecorderStats finalStats;

    private Recorder(XdfWriter writer, RecorderOptions options) throws IOException {
        this.writer = writer;
        this.options = options;
        this.ring = RingBuffer.createMultiProducer(RecordSlot::new, options.slots(), new YieldingWaitStrategy());
        EventPoller<RecordSlot> poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
        int lossStream = 0;
        if (options.lossMarkers()) {
            lossStream = addStream(StreamInfo.recorded(LOSS_STREAM, "Markers", 1, 0, ChannelFormat.STRING,
                    LOSS_STREAM + "-losses"), StreamClock.LOCAL);
        }
        this.agent = new RecorderAgent(this, writer, ring, poller, lossStream);
    }

    /** A recorder whose writer thread is not running yet (records queue up until {@link #startWriter()}). */
    public static Recorder create(XdfWriter writer, RecorderOptions options) throws IOException {
        return new Recorder(writer, options);
    }

    /** A recorder with its writer thread running. */
    public static Recorder start(XdfWriter writer, RecorderOptions options) throws IOException {
        Recorder r = new Recorder(writer, options);
        r.startWriter();
        return r;
    }

    /** Starts the writer thread. */
    public synchronized void startWriter() {
        if (thread != null) return;
        running = true;
        thread = Thread.ofPlatform().name(options.roleName()).daemon(true).start(this::run);
    }

    private void run() {
        while (running) {
            if (agent.doWork() == 0) LockSupport.parkNanos(options.idleNanos());
        }
        while (agent.doWork() > 0) {
            // drain what producers published before close
        }
    }

    // ---- streams ---------------------------------------------------------------------------------------

    /** Declares a stream on the local clock; returns its id (usable at once). */
    public int addStream(StreamInfo meta) throws IOException {
        return addStream(meta, StreamClock.LOCAL);
    }

    public synchronized int addStream(StreamInfo meta, StreamClock clock) throws IOException {
        XdfWriter.checkWritable(meta);
        if (nextId >= MAX_STREAMS) throw new IllegalStateException("a recording holds at most " + (MAX_STREAMS - 1) + " streams");
        int id = nextId++;
        StreamInfo[] m = Arrays.copyOf(metas, MAX_STREAMS);
        m[id] = meta;
        metas = m;
        long seq = ring.next();
        RecordSlot s = ring.get(seq);
        s.kind = RecordSlot.ADD_STREAM;
        s.streamId = id;
        s.meta = meta;
        s.clock = clock;
        s.samples = 0;
        ring.publish(seq);
        return id;
    }

    // ---- producers (any thread, never wait on the disk) -------------------------------------------------

    /**
     * True when at least {@code slots} appends would be accepted now. A single producer that checks this first can wait
     * for room instead of losing samples (offline sessions, which have no deadline to keep).
     */
    public boolean hasCapacity(int slots) { return ring.hasAvailableCapacity(slots); }

    /** Enqueues one numeric sample; false if the backlog is full (the sample is counted as dropped). */
    public boolean appendNumeric(int streamId, double timestamp, double[] values) {
        StreamInfo m = numeric(streamId, values.length);
        long seq;
        try {
            seq = ring.tryNext();
        } catch (InsufficientCapacityException e) {
            countDropped(streamId, 1);
            return false;
        }
        RecordSlot s = ring.get(seq);
        fill(s, streamId, 1, m);
        s.timestamps[0] = timestamp;
        ValueEncoder.putDoubles(s.data, m.channelFormat(), values, 0, values.length);
        publish(seq, 1);
        return true;
    }

    /** Enqueues one numeric sample given as floats. */
    public boolean appendFloats(int streamId, double timestamp, float[] values) {
        StreamInfo m = numeric(streamId, values.length);
        long seq;
        try {
            seq = ring.tryNext();
        } catch (InsufficientCapacityException e) {
            countDropped(streamId, 1);
            return false;
        }
        RecordSlot s = ring.get(seq);
        fill(s, streamId, 1, m);
        s.timestamps[0] = timestamp;
        ValueEncoder.putFloats(s.data, m.channelFormat(), values, 0, values.length);
        publish(seq, 1);
        return true;
    }

    /**
     * Enqueues {@code samples} samples (values multiplexed); returns how many were accepted — the rest are
     * counted as dropped.
     */
    public int appendChunk(int streamId, double[] timestamps, double[] values, int samples) {
        return chunk(streamId, timestamps, values, null, samples);
    }

    /** As {@link #appendChunk(int, double[], double[], int)} with float values. */
    public int appendChunk(int streamId, double[] timestamps, float[] values, int samples) {
        return chunk(streamId, timestamps, null, values, samples);
    }

    private int chunk(int streamId, double[] ts, double[] dv, float[] fv, int samples) {
        StreamInfo m = meta(streamId);
        int ch = m.channelCount();
        int length = dv != null ? dv.length : fv.length;
        if (m.channelFormat() == ChannelFormat.STRING) throw new IllegalArgumentException("stream '" + m.name() + "' is a string stream");
        if (samples < 0 || samples > ts.length || (long) samples * ch > length) {
            throw new IllegalArgumentException("stream '" + m.name() + "': " + samples + " samples need " + samples
                    + " timestamps and " + (long) samples * ch + " values, got " + ts.length + " and " + length);
        }
        int perSlot = Math.max(1, options.slotBytes() / (ch * m.channelFormat().valueSize()));
        int done = 0;
        while (done < samples) {
            int n = Math.min(perSlot, samples - done);
            long seq;
            try {
                seq = ring.tryNext();
            } catch (InsufficientCapacityException e) {
                countDropped(streamId, samples - done);
                return done;
            }
            RecordSlot s = ring.get(seq);
            fill(s, streamId, n, m);
            System.arraycopy(ts, done, s.timestamps, 0, n);
            if (dv != null) ValueEncoder.putDoubles(s.data, m.channelFormat(), dv, done * ch, n * ch);
            else ValueEncoder.putFloats(s.data, m.channelFormat(), fv, done * ch, n * ch);
            publish(seq, n);
            done += n;
        }
        return done;
    }

    /**
     * Enqueues {@code samples} samples whose values the caller lends ({@link LentSamples}: their bytes in the stream's
     * format) instead of copying them into the ring, as one record: all of them or none. False if the backlog is full:
     * nothing is enqueued, the caller keeps the bytes and counts the loss (it is not in {@link #stats()}). Otherwise
     * the writer thread releases them once written.
     */
    public boolean appendLent(int streamId, double[] timestamps, int samples, LentSamples values) {
        StreamInfo m = meta(streamId);
        if (m.channelFormat() == ChannelFormat.STRING) throw new IllegalArgumentException("stream '" + m.name() + "' is a string stream");
        long need = (long) samples * m.channelCount() * m.channelFormat().valueSize();
        if (samples < 1 || samples > timestamps.length || values.bytes().length < need) {
            throw new IllegalArgumentException("stream '" + m.name() + "': " + samples + " lent samples need " + need
                    + " bytes and " + samples + " timestamps, got " + values.bytes().length + " and " + timestamps.length);
        }
        long seq;
        try {
            seq = ring.tryNext();
        } catch (InsufficientCapacityException e) {
            return false;
        }
        RecordSlot s = ring.get(seq);
        s.kind = RecordSlot.LENT;
        s.streamId = streamId;
        s.samples = samples;
        s.ensure(samples, 0);
        System.arraycopy(timestamps, 0, s.timestamps, 0, samples);
        s.lent = values;
        publish(seq, samples);
        return true;
    }

    /** Enqueues one sample of a string stream; false if the backlog is full (counted as dropped). */
    public boolean appendStrings(int streamId, double timestamp, String... values) {
        StreamInfo m = meta(streamId);
        if (m.channelFormat() != ChannelFormat.STRING) {
            throw new IllegalArgumentException("stream '" + m.name() + "' is " + m.channelFormat().xmlName() + ", not string");
        }
        if (values.length != m.channelCount()) {
            throw new IllegalArgumentException("stream '" + m.name() + "' has " + m.channelCount() + " channels, got "
                    + values.length + " values");
        }
        long seq;
        try {
            seq = ring.tryNext();
        } catch (InsufficientCapacityException e) {
            countDropped(streamId, 1);
            return false;
        }
        RecordSlot s = ring.get(seq);
        s.kind = RecordSlot.STRINGS;
        s.streamId = streamId;
        s.samples = 1;
        s.ensure(1, 0);
        s.timestamps[0] = timestamp;
        s.strings = values.clone();
        publish(seq, 1);
        return true;
    }

    /** Enqueues a clock-offset measurement (waits for queue space: these are rare and must not be lost). */
    public void clockOffset(int streamId, double localNow, double offset) {
        meta(streamId);
        long seq = ring.next();
        RecordSlot s = ring.get(seq);
        s.kind = RecordSlot.OFFSET;
        s.streamId = streamId;
        s.samples = 0;
        s.localNow = localNow;
        s.offset = offset;
        ring.publish(seq);
    }

    /** Asks the writer thread to flush now (returns at once). */
    public void requestFlush() {
        long seq = ring.next();
        RecordSlot s = ring.get(seq);
        s.kind = RecordSlot.FLUSH;
        s.samples = 0;
        ring.publish(seq);
    }

    private void fill(RecordSlot s, int streamId, int n, StreamInfo m) {
        s.kind = RecordSlot.SAMPLES;
        s.streamId = streamId;
        s.samples = n;
        s.ensure(n, n * m.channelCount() * m.channelFormat().valueSize());
    }

    private void publish(long seq, int n) {
        ring.publish(seq);
        long backlog = enqueued.addAndGet(n) - handledSamples.get();
        if (backlog > backlogMaxSamples.get()) backlogMaxSamples.accumulateAndGet(backlog, Math::max);
    }

    private StreamInfo meta(int id) {
        StreamInfo m = id > 0 && id < MAX_STREAMS ? metas[id] : null;
        if (m == null) throw new IllegalArgumentException("no stream with id " + id + " in this recording");
        return m;
    }

    private StreamInfo numeric(int id, int values) {
        StreamInfo m = meta(id);
        if (m.channelFormat() == ChannelFormat.STRING) throw new IllegalArgumentException("stream '" + m.name() + "' is a string stream");
        if (values != m.channelCount()) {
            throw new IllegalArgumentException("stream '" + m.name() + "' has " + m.channelCount() + " channels, got " + values + " values");
        }
        return m;
    }

    // ---- accounting (called by the agent) ---------------------------------------------------------------

    void countDropped(int streamId, long n) {
        dropped.addAndGet(n);
        if (streamId > 0 && streamId < MAX_STREAMS) droppedPerStream.addAndGet(streamId, n);
    }

    void countHandled(int n) { if (n > 0) handledSamples.addAndGet(n); }

    long droppedTotal() { return dropped.get(); }

    long droppedOf(int streamId) { return droppedPerStream.get(streamId); }

    void observeBacklog(long slots) {
        if (slots > backlogMaxSlots.get()) backlogMaxSlots.accumulateAndGet(slots, Math::max);
    }

    void publishWriterFigures(long samples, long bytes) {
        samplesWritten = samples;
        bytesWritten = bytes;
    }

    RecorderOptions options() { return options; }

    // ---- figures and lifecycle --------------------------------------------------------------------------

    /** Samples producers could not enqueue so far (all streams). */
    public long droppedSamples() { return dropped.get(); }

    /** Samples of stream {@code id} producers could not enqueue so far. */
    public long droppedSamples(int streamId) { return droppedPerStream.get(streamId); }

    /** The write error that stopped the writer thread, or null. */
    public Throwable failure() { return agent.failure(); }

    public RecorderStats stats() {
        if (finalStats != null) return finalStats;
        long e = enqueued.get();
        return new RecorderStats(options.roleName(), e, samplesWritten, bytesWritten, dropped.get(),
                e - handledSamples.get(), backlogMaxSamples.get(), backlogMaxSlots.get(), agent.failure());
    }

    /** The file being written now. */
    public java.nio.file.Path currentFile() { return writer.currentFile(); }

    /**
     * Stops accepting work, drains the queue into the file, writes the footers and closes the file. Returns the
     * final figures; a write failure during the session or at close is thrown.
     */
    @Override public void close() throws IOException { finish(); }

    /** As {@link #close()}, returning the final figures. */
    public synchronized RecorderStats finish() throws IOException {
        if (finalStats != null) return finalStats;
        running = false;
        if (thread == null) {
            while (agent.doWork() > 0) {
                // drain on the caller's thread: the writer was never started
            }
        } else {
            LockSupport.unpark(thread);
            try {
                thread.join();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while closing recorder " + options.roleName(), ie);
            }
        }
        Throwable f = agent.failure();
        IOException closeError = null;
        try {
            writer.close();
        } catch (IOException e) {
            closeError = e;
        }
        publishWriterFigures(writer.samplesWritten(), writer.bytesWritten());
        finalStats = stats();
        if (f != null) throw new IOException("recorder " + options.roleName() + " stopped writing "
                + writer.currentFile() + ": " + f, f);
        if (closeError != null) throw closeError;
        return finalStats;
    }

}
