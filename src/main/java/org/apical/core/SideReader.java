package org.apical.core;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one side consumer (view feed, recorder, publisher, comparison) on its own thread, behind the decision thread.
 *
 * <p>Live (a session with an animal waiting on its decisions): the producer never waits for this reader. The reader
 * copies each decided slot into a private frame and checks afterwards that the producer cannot have begun to
 * overwrite it (the seqlock pattern: the producer claims slot {@code s + size} only after publishing
 * {@code s + size − 1}, and orders that publication before its first write with a store-store fence; the reader
 * orders its copy before re-reading the cursor with a load-load fence). A reader that falls a whole ring behind
 * skips ahead and tells its consumer how many frames it missed ({@link Frame#skippedBefore}); a consumer that blocks
 * forever costs nothing but its own frames.
 *
 * <p>Lossless (offline: a replay, an unpaced simulation): the reader's sequence gates the producer, so it sees every
 * frame, in place, and a slow consumer slows the run down instead.
 */
final class SideReader implements Runnable {
    /** Slots between the producer's cursor and a slot that it may already be overwriting. */
    private static final int MARGIN = 2;
    /** A side consumer that has caught up sleeps this long: well under a display frame, and nearly free of CPU. */
    private static final long IDLE_PARK_NANOS = 500_000;

    private final String name;
    private final EventHandler<Frame> handler;
    private final RingBuffer<Frame> ring;
    private final Sequence decided;
    private final boolean lossless;
    private final Frame copy;
    private final Sequence sequence = new Sequence(-1);
    private final Thread thread;
    private volatile boolean halted;
    private volatile boolean finished;
    private volatile long skipped;
    private volatile Throwable failure;
    private final Runnable onFailure;

    SideReader(EventHandler<Frame> handler, RingBuffer<Frame> ring, Sequence decided, boolean lossless,
               Frame copy, Runnable onFailure) {
        this.name = handler.getClass().getSimpleName().isEmpty() ? "side-consumer" : handler.getClass().getSimpleName();
        this.handler = handler;
        this.ring = ring;
        this.decided = decided;
        this.lossless = lossless;
        this.copy = copy;
        this.onFailure = onFailure;
        this.thread = new Thread(this, "apical-" + name);
        thread.setDaemon(true);
    }

    /** Gates the producer in lossless sessions (add to the ring's gating sequences). */
    Sequence sequence() { return sequence; }

    void start() { thread.start(); }

    @Override public void run() {
        long next = 0;
        long pending = 0;
        int size = ring.getBufferSize();
        try {
            handler.onStart();
            while (!halted) {
                long available = decided.get();
                if (available < next) {
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                    continue;
                }
                for (; next <= available && !halted; next++) {
                    Frame f;
                    if (lossless) {
                        f = ring.get(next);
                    } else {
                        long ahead = ring.getCursor() - next;
                        if (ahead > size - MARGIN) {
                            // lapped: resume half a ring behind the producer, so there is room to catch up
                            long resume = Math.min(available, ring.getCursor() - size / 2);
                            if (resume > next) {
                                pending += resume - next;
                                next = resume;
                            }
                        }
                        copy.copyFrom(ring.get(next));
                        VarHandle.loadLoadFence();
                        if (ring.getCursor() - next > size - MARGIN) {
                            pending++;
                            continue;
                        }
                        copy.skippedBefore = pending;
                        if (pending > 0) skipped += pending;
                        pending = 0;
                        f = copy;
                    }
                    handler.onEvent(f, next, next == available);
                    if (f.endOfStream) {
                        finished = true;
                        return;
                    }
                }
                sequence.set(available);
            }
        } catch (Throwable t) {
            failure = t;
            onFailure.run();
        } finally {
            // a finished or failed reader never holds the producer up again
            sequence.set(Long.MAX_VALUE);
            try {
                handler.onShutdown();
            } catch (RuntimeException e) {
                if (failure == null) failure = e;
            }
        }
    }

    /** Waits up to {@code millis} for the end of the stream to reach the consumer; false if it did not. */
    boolean awaitFinish(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    void halt() { halted = true; }

    String name() { return name; }
    boolean finished() { return finished; }
    /** Frames this consumer never saw because it fell a ring behind (live sessions only). */
    long skipped() { return skipped; }
    Throwable failure() { return failure; }
    EventHandler<Frame> handler() { return handler; }
}
