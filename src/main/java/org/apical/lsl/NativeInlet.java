package org.apical.lsl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.apical.stream.ChannelFormat;
import org.apical.stream.InfoXmlException;
import org.apical.stream.StreamInfo;
import org.apical.stream.StreamInfoXml;

/**
 * liblsl's own inlet, pulled in chunks: one foreign call hands over every sample that is waiting, so the cost of a
 * call is shared by the chunk. liblsl's {@code pull_chunk} with a time-out waits until its buffer is full, which
 * would hold the first sample back; so a chunk is pulled without a time-out, and when nothing waits a single
 * {@code pull_sample} waits for the next one and an immediate chunk pull takes whatever came with it.
 * <p>
 * Values are read in the buffer format given at opening (liblsl converts numeric formats); the native buffers are
 * allocated once, so pulling allocates nothing. Pull from one thread; {@link #close} may come from another.
 */
public final class NativeInlet implements AutoCloseable {
    private final LibLsl lib;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment handle;
    private final StreamInfo info;
    private final ChannelFormat bufferFormat;
    private final int channels, maxChunk, sampleBytes;
    private final MemorySegment data, stamps, dataAfterFirst, stampsAfterFirst;
    private boolean closed;

    /**
     * Opens an inlet on the first stream liblsl resolves by {@code predicate} (liblsl's XPath-like query).
     *
     * @param maxChunk samples one pull can hand over
     * @throws java.io.IOException naming the query when no stream answers within the time-out
     */
    public static NativeInlet open(LibLsl lib, String predicate, double timeoutSeconds, double maxBufferSeconds,
                                   ChannelFormat bufferFormat, int maxChunk) throws java.io.IOException {
        java.util.List<MemorySegment> found = lib.resolveByPredicate(predicate, 1, timeoutSeconds);
        if (found.isEmpty()) {
            throw new java.io.IOException("liblsl found no LSL stream matching " + predicate + " within " + timeoutSeconds + " s");
        }
        try {
            return new NativeInlet(lib, found.getFirst(), maxBufferSeconds, bufferFormat, maxChunk);
        } finally {
            for (MemorySegment m : found) lib.destroyStreamInfo(m);
        }
    }

    /** An inlet on a resolved info (which the caller still owns and destroys). */
    public NativeInlet(LibLsl lib, MemorySegment resolved, double maxBufferSeconds, ChannelFormat bufferFormat, int maxChunk)
            throws java.io.IOException {
        if (bufferFormat == ChannelFormat.STRING) throw new IllegalArgumentException("string streams are not pulled in chunks");
        this.lib = lib;
        this.bufferFormat = bufferFormat;
        this.maxChunk = Math.max(1, maxChunk);
        this.handle = lib.createInlet(resolved, Math.max(1, (int) Math.ceil(maxBufferSeconds)), 0, true);
        if (handle.address() == 0) throw new java.io.IOException("liblsl could not create an inlet");
        try {
            MemorySegment full = lib.fullInfo(handle, 5.0);
            try {
                this.info = StreamInfoXml.parse(lib.xml(full));
            } finally {
                lib.destroyStreamInfo(full);
            }
            if (info.channelFormat() == ChannelFormat.STRING) {
                throw new java.io.IOException("stream '" + info.name() + "' carries strings; the native backend reads numeric streams");
            }
            this.channels = info.channelCount();
            this.sampleBytes = channels * bufferFormat.valueSize();
            this.data = arena.allocate((long) sampleBytes * this.maxChunk, 8);
            this.stamps = arena.allocate(ValueLayout.JAVA_DOUBLE, this.maxChunk);
            this.dataAfterFirst = data.asSlice(sampleBytes);
            this.stampsAfterFirst = stamps.asSlice(8);
            lib.openStream(handle, 5.0);
        } catch (InfoXmlException e) {
            lib.destroyInlet(handle);
            arena.close();
            throw new java.io.IOException("liblsl's stream info: " + e.getMessage(), e);
        } catch (java.io.IOException | RuntimeException e) {
            lib.destroyInlet(handle);
            arena.close();
            throw e;
        }
    }

    /** The full info (desc included) as liblsl received it. */
    public StreamInfo info() { return info; }

    public int channelCount() { return channels; }

    /**
     * Pulls what is waiting, or waits up to {@code timeoutSeconds} for one sample (and takes what came with it);
     * returns how many samples the buffers now hold (0 on time-out). Read them with {@link #stamp}, {@link #copy}.
     */
    public synchronized int pull(double timeoutSeconds) {
        if (closed) return 0;
        int n = lib.pullChunk(handle, bufferFormat, data, stamps, channels, maxChunk);
        if (n > 0 || timeoutSeconds <= 0) return n;
        double ts = lib.pullSample(handle, bufferFormat, data, channels, timeoutSeconds);
        if (ts == 0.0) return 0;
        stamps.setAtIndex(ValueLayout.JAVA_DOUBLE, 0, ts);
        return 1 + (maxChunk > 1 ? lib.pullChunk(handle, bufferFormat, dataAfterFirst, stampsAfterFirst, channels, maxChunk - 1) : 0);
    }

    /** The timestamp of sample k of the last pull (liblsl's, on the outlet's clock). */
    public double stamp(int k) { return stamps.getAtIndex(ValueLayout.JAVA_DOUBLE, k); }

    /** Copies sample k of the last pull (buffer format double64) into dst. */
    public void copy(int k, double[] dst) {
        MemorySegment.copy(data, ValueLayout.JAVA_DOUBLE, (long) k * sampleBytes, dst, 0, channels);
    }

    /** Copies sample k of the last pull (buffer format float32) into dst from index {@code at}. */
    public void copyTo(int k, float[] dst, int at) {
        MemorySegment.copy(data, ValueLayout.JAVA_FLOAT, (long) k * sampleBytes, dst, at, channels);
    }

    /** {@code local − remote} clock offset from liblsl's time service; waits up to the time-out for the first. */
    public double timeCorrection(double timeoutSeconds) { return lib.timeCorrection(handle, timeoutSeconds); }

    /** True once after liblsl recovered the stream from another outlet (another clock). */
    public boolean wasClockReset() { return lib.wasClockReset(handle); }

    public int samplesAvailable() { return lib.samplesAvailable(handle); }

    /** Waits for a pull in progress (at most its time-out): liblsl must not destroy an inlet a call is inside. */
    @Override public synchronized void close() {
        if (closed) return;
        closed = true;
        lib.destroyInlet(handle);
        arena.close();
    }
}
