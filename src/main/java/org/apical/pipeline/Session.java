package org.apical.pipeline;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apical.config.ConfigException;
import org.apical.config.Definitions;
import org.apical.config.DecoderConfig;
import org.apical.config.Duration;
import org.apical.decode.Calibration;
import org.apical.decode.EnsembleDecoder;
import org.apical.decode.Normaliser;
import org.apical.reward.RewardDispatcher;
import org.apical.reward.RewardGate;
import org.apical.reward.RewardOutput;
import org.apical.reward.RewardWatchdog;
import org.apical.core.TaskEvent;
import org.apical.task.TrialStateMachine;
import org.apical.core.Frame;
import org.apical.core.Stage;
import org.apical.core.FrameSource;
import org.apical.core.StreamDescription;

/**
 * One closed-loop session: a source, one ring of preallocated frames, the decision path (normalise → decode → task →
 * books) on one thread, and side consumers (view feed, recorder, publishers, residuals) each on its own thread
 * behind it.
 * <pre>
 *   source ─> ingest ─> [ring] ─> decision: normalise → decode → task → monitor ─┬─> ViewFeed (console, stimulus)
 *                                                                               └─> side consumers (recorder, ...)
 * </pre>
 * Live (the default) the producer waits for the decision thread alone: a side consumer that stalls (a terminal nobody
 * reads, a disk that hangs) skips frames and is told how many, and the decisions go on. Offline ({@link
 * #setOffline}: a replay, an unpaced simulation, with no animal waiting) every side consumer sees every frame and the
 * source waits for the slowest. A stage that throws stops the decisions at once: the gate is shut, the valves
 * closed, and no further frame reaches a stage.
 */
public final class Session {
    /** How long the end of the stream may take to reach a side consumer once the decisions are done (live). */
    static final long DRAIN_MILLIS_LIVE = 5_000;
    static final long DRAIN_MILLIS_OFFLINE = 30_000;

    private final Definitions defs;
    private final FrameSource source;
    private final StreamDescription description;
    private final List<RewardOutput> outputs;
    private final RewardDispatcher rewards;
    private final ControlInbox control = new ControlInbox();
    private final Monitor monitor;
    private final ViewFeed viewFeed;
    private final LiveView view;
    private final List<EventHandler<Frame>> sideConsumers = new ArrayList<>();
    private final List<SideReader> readers = new ArrayList<>();
    private final EnsembleDecoder decoder;
    private final TaskStage taskStage;
    private final RewardGate gate;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final DecisionHandler decision;
    private BatchEventProcessor<Frame> decisionProcessor;
    private RewardWatchdog watchdog;
    private volatile boolean started;
    private boolean offline;
    private long drainMillis = -1;
    private final List<String> lateConsumers = new ArrayList<>();

    public Session(Definitions defs, FrameSource source, List<RewardOutput> outputs, SessionListener listener) {
        this(defs, source, outputs, listener, null);
    }

    /** @param probe a stage run first on every frame, for tests of the decision path's failure handling */
    Session(Definitions defs, FrameSource source, List<RewardOutput> outputs, SessionListener listener, Stage probe) {
        this.defs = defs;
        this.source = source;
        this.description = source.description();
        this.outputs = List.copyOf(outputs);
        this.rewards = new RewardDispatcher(this.outputs);
        this.view = new LiveView();
        view.setTarget(defs.stimulus().targetAngle(), defs.stimulus().tolerance());
        view.setHealth("ok: no samples lost");
        preflight();
        double rate = description.nominalRate();
        DecoderConfig d = defs.decoder();

        // only what the decision reads: a soma–dendrite analysis normalises its own channels off the hot path
        TreeSet<Integer> used = new TreeSet<>();
        for (int c : d.plus()) used.add(c);
        for (int c : d.minus()) used.add(c);
        int[] channels = used.stream().mapToInt(Integer::intValue).toArray();
        Normaliser normaliser = new Normaliser(d.normalise(), channels, frames(d.normalise().window(), rate),
                description.spikes());
        int baselineFrames = Math.max(1, frames(d.task().baseline(), rate) + 2);
        decoder = new EnsembleDecoder(d, defs.stimulus(), baselineFrames);
        gate = new RewardGate(defs.rig().reward().minInterval(), defs.rig().reward().maxPerSession());
        TrialStateMachine machine = new TrialStateMachine(d.task(), defs.stimulus(), gate,
                defs.rig().reward().volumeUl(), d.calibration().floorFailure(), this::calibrate, decoder::startTrial);
        taskStage = new TaskStage(machine, rewards, source, control, defs.rig().reward().volumeUl(),
                seconds(defs.rig().input().maxFrameAge(), rate));
        monitor = new Monitor();
        List<Stage> stages = new ArrayList<>();
        if (probe != null) stages.add(probe);
        stages.addAll(List.of(new NormaliseStage(normaliser), new DecodeStage(decoder), taskStage, monitor));
        decision = new DecisionHandler(stages, monitor::endOfStream);
        viewFeed = new ViewFeed(view, monitor, listener);
    }

    /** BCI2000-style: everything that can be checked against the live stream, before the first sample. */
    private void preflight() {
        if (!(description.nominalRate() > 0)) {
            throw new ConfigException("stream '" + description.name() + "' has an irregular rate (nominal_srate 0);"
                    + " the closed loop needs a regular frame or bin rate");
        }
        defs.checkChannels(description.channelCount(), "stream '" + description.name() + "' ("
                + description.channelCount() + " channels)");
        int index = description.indexChannel();
        if (index >= 0) {
            for (int[] ensemble : new int[][] {defs.decoder().plus(), defs.decoder().minus()}) {
                for (int c : ensemble) {
                    if (c == index) {
                        throw new ConfigException(defs.decoder().file() + ": ensembles: ROI " + c + " is stream '"
                                + description.name() + "''s sample index channel (desc type 'index'), not activity");
                    }
                }
            }
        }
        if (defs.decoder().calibration().auto() && defs.decoder().task().baseline().value() == 0) {
            throw new ConfigException(defs.decoder().file() + ": calibration.auto: needs a baseline period"
                    + " (task.baseline above 0) to calibrate on, or set calibration.auto: false with floor and threshold");
        }
    }

    private static int frames(Duration d, double rate) {
        return (int) Math.max(1, d.inFrames() ? d.value() : Math.round(d.value() * rate));
    }

    private static double seconds(Duration d, double rate) {
        return d.inFrames() ? d.value() / rate : d.value();
    }

    private TaskEvent calibrate(Frame f, long baselineFrames) {
        Calibration.Result r = decoder.calibrate((int) Math.min(Integer.MAX_VALUE, baselineFrames));
        if (r == null) return null;
        return new TaskEvent.Calibrated(f.sequence, f.timestamp, r.floor(), r.threshold(), r.z());
    }

    /** Adds a side consumer (recorder, residuals, publisher); call before {@link #run()}. */
    public void addSideConsumer(EventHandler<Frame> consumer) { sideConsumers.add(consumer); }

    /**
     * Offline sessions (a replay, an unpaced simulation) have no animal waiting on their decisions: every side
     * consumer sees every frame and the source waits for the slowest. Live sessions (the default) never wait for a
     * side consumer. Call before {@link #run()}.
     */
    public void setOffline(boolean offline) { this.offline = offline; }

    public boolean offline() { return offline; }

    /** How long, after the last decision, a side consumer may take to finish; past that it is left behind. */
    void setDrainMillis(long millis) { this.drainMillis = millis; }

    public SessionControl control() { return control; }
    public LiveView view() { return view; }
    public Monitor monitor() { return monitor; }
    public ViewFeed viewFeed() { return viewFeed; }
    public StreamDescription description() { return description; }
    public FrameSource source() { return source; }
    public EnsembleDecoder decoder() { return decoder; }
    public RewardGate gate() { return gate; }
    public TaskStage taskStage() { return taskStage; }
    public RewardDispatcher rewards() { return rewards; }
    public RewardWatchdog watchdog() { return watchdog; }

    /** Side consumers that did not reach the end of the stream in time (live: left behind, the session went on). */
    public List<String> lateConsumers() { return List.copyOf(lateConsumers); }

    /** Frames each side consumer missed by falling a ring behind, by consumer name (live sessions). */
    public java.util.Map<String, Long> skippedBySideConsumers() {
        java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
        for (SideReader r : readers) m.merge(r.name(), r.skipped(), Long::sum);
        return m;
    }

    /** Sequence of the last frame the decision path finished (for sources that follow decisions). */
    public long decidedSequence() {
        return started ? decisionProcessor.getSequence().get() : -1;
    }

    /** Runs until the source ends or {@link SessionControl#stop()}; returns after every consumer has drained. */
    public void run() throws InterruptedException {
        int channels = description.channelCount();
        int pairs = description.pairCount();
        RingBuffer<Frame> ring = RingBuffer.createSingleProducer(() -> new Frame(channels, pairs),
                defs.rig().pipeline().ringSize(), WaitStrategies.of(defs.rig().pipeline().waitStrategy()));
        decisionProcessor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), decision);
        decisionProcessor.setExceptionHandler(new FailFast());
        ring.addGatingSequences(decisionProcessor.getSequence());
        List<EventHandler<Frame>> side = new ArrayList<>();
        side.add(viewFeed);
        side.addAll(sideConsumers);
        for (EventHandler<Frame> h : side) {
            SideReader r = new SideReader(h, ring, decisionProcessor.getSequence(), offline,
                    new Frame(channels, pairs), () -> sideConsumerFailed());
            readers.add(r);
            if (offline) ring.addGatingSequences(r.sequence());
        }
        Thread decisionThread = new Thread(decisionProcessor, "apical-decision");
        decisionThread.setDaemon(true);
        decisionThread.setUncaughtExceptionHandler((t, e) -> {
            if (!(e instanceof DecisionsStopped)) failure.compareAndSet(null, e);
        });
        decisionThread.start();
        for (SideReader r : readers) r.start();
        started = true;
        // armed by the first decided frame; closes every valve and stops rewarding if decisions stall
        watchdog = new RewardWatchdog(gate, outputs,
                RewardWatchdog.stallNanos(defs.rig().reward().stallTimeout(), description.nominalRate()),
                taskStage::lastFrameNanos).start();
        long end = -1;
        try {
            end = ingest(ring);
        } finally {
            watchdog.pause();
            finish(ring, decisionThread, end);
            rewards.closeValves();
            watchdog.close();
        }
        Throwable t = failure.get();
        if (t != null) throw new IllegalStateException("the pipeline stopped on an error: " + t, t);
    }

    /** Waits for the decisions to reach the end of the stream, then for each side consumer (bounded). */
    private void finish(RingBuffer<Frame> ring, Thread decisionThread, long end) throws InterruptedException {
        long limit = drainMillis >= 0 ? drainMillis : offline ? DRAIN_MILLIS_OFFLINE : DRAIN_MILLIS_LIVE;
        long deadline = System.nanoTime() + limit * 1_000_000;
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
                            + " did not finish within " + limit / 1000 + " s of the end of the stream"));
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
        if (offline) control.stop();
    }

    /** Returns the sequence of the end-of-stream frame it published (−1 if none could be). */
    private long ingest(RingBuffer<Frame> ring) throws InterruptedException {
        long seq = 0;
        try {
            while (!control.stopRequested() && failure.get() == null) {
                long s = claim(ring);
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
            long s = claim(ring);
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
    private long claim(RingBuffer<Frame> ring) {
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
     * A decision stage that throws stops the session: a half-working decision path must not keep rewarding. The
     * gate is shut and the valves closed first; then the handler throws, which ends the processor's thread, so not
     * even the frames already in its batch are decided.
     */
    private final class FailFast implements ExceptionHandler<Frame> {
        @Override public void handleEventException(Throwable ex, long sequence, Frame event) {
            decision.stop();
            gate.disable();
            rewards.closeValves();
            failure.compareAndSet(null, ex);
            control.stop();
            source.close(); // a source that follows the decisions (the simulated rig) must not wait for them
            throw new DecisionsStopped(ex);
        }

        @Override public void handleOnStartException(Throwable ex) { failure.compareAndSet(null, ex); }

        @Override public void handleOnShutdownException(Throwable ex) { failure.compareAndSet(null, ex); }
    }

    /** Ends the decision processor's thread after a stage failed (the failure itself is reported by {@link #run}). */
    private static final class DecisionsStopped extends RuntimeException {
        DecisionsStopped(Throwable cause) { super("decisions stopped: " + cause, cause, false, false); }
    }
}
