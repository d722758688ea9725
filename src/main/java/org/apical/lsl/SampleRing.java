package org.apical.lsl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.locks.LockSupport;
import org.apical.stream.ChannelFormat;

/**
 * A preallocated ring of samples with one writer and any number of readers, each with its own cursor. The writer
 * never waits: when a reader falls more than {@link #capacity()} behind, the oldest samples are overwritten and that
 * reader skips them (drop-oldest, counted by the reader). Each slot carries a sequence number written after its data
 * (a seqlock), so a reader detects a slot overwritten while it was copying it.
 * <p>
 * Numeric values are stored little-endian in one byte array; strings as references in a {@code String[]} per slot.
 */
final class SampleRing {
    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle HEAD;
    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(SampleRing.class, "head", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final ChannelFormat format;
    final int channels;
    final int sampleBytes;
    private final int capacity;
    private final int mask;
    final byte[] values;
    final ByteBuffer le;
    final double[] stamps;
    final byte[] tags;
    final String[][] strings;
    /** System.nanoTime() when each sample was decoded from the socket (inlet rings only, else null). */
    final long[] arrivals;
    private final long[] slotSeq;
    @SuppressWarnings("unused") private volatile long head;
    /** Readers that sleep register here; the writer wakes them after publishing. */
    private volatile Thread[] sleepers = new Thread[0];

    /**
     * Upper bound on the numeric storage of one ring (it is preallocated): 64 MiB, e.g. 360 s of 1,000 float32
     * channels at 30 Hz (43 MB) fits, 384 channels at 30 kHz is capped at about 1.4 s.
     */
    static final long MAX_BYTES = 64L << 20;

    SampleRing(ChannelFormat format, int channels, int requestedCapacity) { this(format, channels, requestedCapacity, false); }

    /** @param arrivalStamps keep a receive time per slot beside the samples (an inlet's ring) */
    SampleRing(ChannelFormat format, int channels, int requestedCapacity, boolean arrivalStamps) {
        this.format = format;
        this.channels = channels;
        this.sampleBytes = channels * format.valueSize();
        long cap = Math.max(2, requestedCapacity);
        if (sampleBytes > 0) cap = Math.min(cap, Math.max(2, MAX_BYTES / sampleBytes));
        cap = Math.min(cap, 1 << 24);
        int c = Integer.highestOneBit((int) cap);
        if (c < cap) c <<= 1;
        this.capacity = c;
        this.mask = c - 1;
        this.values = new byte[Math.max(1, c * sampleBytes)];
        this.le = ByteBuffer.wrap(values).order(ByteOrder.LITTLE_ENDIAN);
        this.stamps = new double[c];
        this.tags = new byte[c];
        this.strings = format == ChannelFormat.STRING ? new String[c][channels] : null;
        this.arrivals = arrivalStamps ? new long[c] : null;
        this.slotSeq = new long[c];
        java.util.Arrays.fill(slotSeq, -1L);
    }

    int capacity() { return capacity; }

    /** The sequence the next published sample will get (= samples published so far). */
    long head() { return (long) HEAD.getAcquire(this); }

    // ------------------------------------------------------------ writer (one thread)

    /** Claims the next slot; the caller writes its values at {@code slot * sampleBytes} / {@code strings[slot]}. */
    int beginWrite() {
        long s = (long) HEAD.getOpaque(this);
        int slot = (int) (s & mask);
        SEQ.setVolatile(slotSeq, slot, -1L);
        VarHandle.storeStoreFence();
        return slot;
    }

    void endWrite(int slot, double timestamp, byte tag) { endWrite(slot, timestamp, tag, 0L); }

    /** Publishes the slot; {@code arrivalNanos} is kept when the ring stamps arrivals. */
    void endWrite(int slot, double timestamp, byte tag, long arrivalNanos) {
        long s = (long) HEAD.getOpaque(this);
        stamps[slot] = timestamp;
        if (arrivals != null) arrivals[slot] = arrivalNanos;
        tags[slot] = tag;
        SEQ.setRelease(slotSeq, slot, s);
        HEAD.setRelease(this, s + 1);
    }

    /** Wakes sleeping readers; call once after publishing a sample or a whole chunk. */
    void signal() {
        for (Thread t : sleepers) LockSupport.unpark(t);
    }

    // ------------------------------------------------------------ readers

    int slotOf(long seq) { return (int) (seq & mask); }

    /** True while the slot still holds sample {@code seq} (check before and after copying it). */
    boolean holds(long seq) {
        VarHandle.loadLoadFence();
        return (long) SEQ.getAcquire(slotSeq, (int) (seq & mask)) == seq;
    }

    /** The oldest sequence still readable given the current head. */
    long oldest() { return Math.max(0, head() - capacity); }

    synchronized void addSleeper(Thread t) {
        Thread[] old = sleepers;
        Thread[] n = java.util.Arrays.copyOf(old, old.length + 1);
        n[old.length] = t;
        sleepers = n;
    }

    synchronized void removeSleeper(Thread t) {
        Thread[] old = sleepers;
        int k = java.util.Arrays.asList(old).indexOf(t);
        if (k < 0) return;
        Thread[] n = new Thread[old.length - 1];
        System.arraycopy(old, 0, n, 0, k);
        System.arraycopy(old, k + 1, n, k, old.length - k - 1);
        sleepers = n;
    }
}
