package org.apical.core;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The ring and its wiring: one Disruptor ring of preallocated frames, filled by ingest from a {@link FrameSource},
 * decided by one {@link DecisionHandler} thread, read by side consumers each on its own {@link SideReader} thread.
 *
 * <p>Live (the default) the producer waits for the decision thread alone: a side consumer that stalls skips frames
 * and is told how many, and the decisions go on. Offline (a replay, an unpaced simulation, with no animal waiting)
 * every side consumer gates the producer, so each sees every frame. A decision stage that throws stops the
 * decisions at once: {@code onDecisionFailure} runs (the session shuts its gate and closes its valves), the source is
 * closed, and the decision thread ends before the rest of its batch.
 */
public final class FrameRing {
    /** How long the end of the stream may take to reach a side consumer once the decisions are done (live). */
    public static final long DRAIN_MILLIS_LIVE = 5_000;
    public static final long DRAIN_MILLIS_OFFLINE = 30_000;

    private final FrameSource source;
    private final DecisionHandler decision;
    private final boolean offline;
    private final long drainMillis;
    private final BooleanSupplier stopRequested;
    private final Runnable onDecisionFailure;
    private final RingBuffer<Frame> ring;
    private final BatchEventProcessor<Frame> decisionProcessor;
    private final Thread decisionThread;
    private final List<SideReader> readers = new ArrayList<>();
    private final List<String> lateConsumers = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean started;

    /**
     * @param drainMillis       how long, after the last decision, a side consumer may take to finish (−1: the
     *                          default for live or offline); past that it is left behind
     * @param stopRequested     polled by ingest before each frame
     * @param onDecisionFailure run on the decision thread when a stage throws, before the decisions halt
     */
    public FrameRing(int size, WaitStrategy wait, StreamDescription description, FrameSource source,
                     DecisionHandler decision, List<EventHandler<Frame>> sideConsumers, boolean offline,
                     long drainMillis, BooleanSupplier stopRequested, Runnable onDecisionFailure) {
        this.source = source;
        this.decision = decision;
        this.offline = offline;
        this.drainMillis = drainMillis >= 0 ? drainMillis : offline ? DRAIN_MILLIS_OFFLINE : DRAIN_MILLIS_LIVE;
        this.stopRequested = stopRequested;
        this.onDecisionFailure = onDecisionFailure;
        int channels = description.channelCount();
        ring = RingBuffer.createSingleProducer(() -> new Frame(channels), size, wait);
        decisionProcessor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), decision);
        decisionProcessor.setExceptionHandler(new FailFast());
        ring.addGatingSequences(decisionProcessor.getSequence());
        for (EventHandler<Frame> h : sideConsumers) {
            SideReader r = new SideReader(h, ring, decisionProcessor.getSequence(), offline,
                    new Frame(channels), this::sideConsumerFailed);
            readers.add(r);
            if (offline) ring.addGatingSequences(r.sequence());
        }
        decisionThread = new Thread(decisionProcessor, "apical-decision");
        decisionThread.setDaemon(true);
        decisionThread.setUncaughtExceptionHandler((t, e) -> {
            if (!(e instanceof DecisionsStopped)) failure.compareAndSet(null, e);
        });
    }

    /** Starts the decision and side-consumer threads; frames flow once {@link #run} is called. */
    public void start() {
        decisionThread.start();
        for (SideReader r : readers) r.start();
        started = true;
    }

    /**
     * Ingests until the source ends, a stop is requested or the decisions fail; then runs {@code afterIngest} and
     * waits (bounded) for the decisions and every side consumer to reach the end of the stream.
     */
    public void run(Runnable afterIngest) throws InterruptedException {
        long end = -1;
        try {
            end = ingest();
        } finally {
            afterIngest.run();
            finish(end);
        }
    }

    /** Sequence of the last frame the decision path finished (−1 before the start). */
    public long decidedSequence() { return started ? decisionProcessor.getSequence().get() : -1; }

    /** The first error: a decision stage, an offline side consumer, a source; null when all went well. */
    public Throwable failure() { return failure.get(); }

    /** Side consumers that did not reach the end of the stream in time (live: left behind, the session went on). */
    public List<String> lateConsumers() { return List.copyOf(lateConsumers); }

    /** Frames each side consumer missed by falling a ring behind, by consumer name (live sessions). */
    public Map<String, Long> skippedBySideConsumers() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (SideReader r : readers) m.merge(r.name(), r.skipped(), Long::sum);
        return m;
    }

    private void finish(long end) throws InterruptedException {
        long deadline = System.nanoTime() + drainMillis * 1_000_000;
        while (end >= 0 && decisionThread.isAlive() && decisionProcessor.getSequence().get() < end
                && System.nanoTime() < deadline) {
            LockSupport.parkNanos(100_000);
        }
        decisionProcessor.halt();
        decisionThread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        for (SideReader r : readers) {
            if (decision.stopped() || end < 0) r.halt();
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            if (!r.awaitFinish(left)) {
                r.halt();
                lateConsumers.add(r.name());
                if (offline) {
                    failure.compareAndSet(null, new IllegalStateException("side consumer " + r.name()
                            + " did not finish within " + drainMillis / 1000 + " s of the end of the stream"));
                }
            }
            Throwable t = r.failure();
            if (t != null && offline) failure.compareAndSet(null, t);
        }
    }

    /**
     * A side consumer that throws ends only itself in a live session (the decisions go on; the summary names it);
     * offline, where its output is the point of the run, the session stops.
     */
    private void sideConsumerFailed() {
        if (!offline) return;
        for (SideReader r : readers) {
            Throwable t = r.failure();
            if (t != null) failure.compareAndSet(null, new IllegalStateException("side consumer " + r.name()
                    + " failed: " + t, t));
        }
    }

    /** Returns the sequence of the end-of-stream frame it published (−1 if none could be). */
    private long ingest() throws InterruptedException {
        long seq = 0;
        try {
            while (!stopRequested.getAsBoolean() && failure.get() == null) {
                long s = claim();
                if (s < 0) return -1;
                Frame f = ring.get(s);
                f.clear();
                f.sequence = seq;
                f.arrivalNanos = 0;
                boolean more;
                try {
                    more = source.next(f);
                } catch (InterruptedException | RuntimeException e) {
                    f.endOfStream = true;
                    ring.publish(s);
                    throw e;
                }
                if (f.arrivalNanos == 0) f.arrivalNanos = System.nanoTime();
                if (!more) {
                    f.endOfStream = true;
                    ring.publish(s);
                    return s;
                }
                ring.publish(s);
                seq++;
            }
            long s = claim();
            if (s < 0) return -1;
            Frame f = ring.get(s);
            f.clear();
            f.sequence = seq;
            f.endOfStream = true;
            ring.publish(s);
            return s;
        } finally {
            source.close();
        }
    }

    /**
     * The next slot, waiting while the ring is full (the decision thread, or offline a side consumer, is behind);
     * −1 once the decisions have stopped on an error, so a halted decision thread cannot hold ingest forever.
     */
    private long claim() {
        while (true) {
            try {
                long s = ring.tryNext();
                // a live side reader checks the cursor after copying a slot: the previous publication must be
                // visible before any write into this slot (see SideReader)
                VarHandle.storeStoreFence();
                return s;
            } catch (InsufficientCapacityException full) {
                if (failure.get() != null) return -1;
                LockSupport.parkNanos(1_000);
            }
        }
    }

    /**
     * A decision stage that throws stops the decisions: a half-working decision path must not keep rewarding. The
     * failure hook runs first (gate shut, valves closed); then the handler throws, which ends the processor's thread,
     * so not even the frames already in its batch are decided.
     */
    private final class FailFast implements ExceptionHandler<Frame> {
        @Override public void handleEventException(Throwable ex, long sequence, Frame event) {
            decision.stop();
            try {
                onDecisionFailure.run();
            } finally {
                failure.compareAndSet(null, ex);
                source.close(); // a source that follows the decisions (the simulated rig) must not wait for them
            }
            throw new DecisionsStopped(ex);
        }

        @Override public void handleOnStartException(Throwable ex) { failure.compareAndSet(null, ex); }

        @Override public void handleOnShutdownException(Throwable ex) { failure.compareAndSet(null, ex); }
    }

    /** Ends the decision processor's thread after a stage failed (the failure itself is reported by the session). */
    private static final class DecisionsStopped extends RuntimeException {
        DecisionsStopped(Throwable cause) { super("decisions stopped: " + cause, cause, false, false); }
    }
}
