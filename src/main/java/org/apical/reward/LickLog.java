package org.apical.reward;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Licks as they are reported, between the thread that hears them (a serial controller's agent, the simulated rig)
 * and the one that books them (the session's lick consumer): a fixed ring of timestamps (seconds on the frames'
 * clock), one writer, one reader, nothing allocated or locked. A reader that falls a whole ring behind loses the
 * oldest licks and is told how many ({@link #overwritten()}); the total count never loses one.
 */
public final class LickLog {
    private static final int CAPACITY = 1 << 14;

    private final double[] times = new double[CAPACITY];
    private final AtomicLong written = new AtomicLong();
    private long read;
    private volatile long overwritten;

    /** One lick at {@code timestamp} (seconds, the frames' clock). Writer thread only. */
    public void lick(double timestamp) {
        long w = written.get();
        times[(int) (w & (CAPACITY - 1))] = timestamp;
        written.lazySet(w + 1);
    }

    /** Licks reported so far (any thread). */
    public long count() { return written.get(); }

    /**
     * The oldest lick not yet taken if it is before {@code until}, else NaN; the reader then calls {@link #take()}.
     * Reader thread only.
     */
    public double peekBefore(double until) {
        long w = written.get();
        if (w - read > CAPACITY) {
            overwritten += w - read - CAPACITY;
            read = w - CAPACITY;
        }
        if (read >= w) return Double.NaN;
        double t = times[(int) (read & (CAPACITY - 1))];
        return t < until ? t : Double.NaN;
    }

    public void take() { read++; }

    /** Licks the reader never saw because it fell a ring behind. */
    public long overwritten() { return overwritten; }
}
