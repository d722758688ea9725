package org.apical.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.EventHandlerGroup;
import com.lmax.disruptor.dsl.ProducerType;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
import org.apical.task.TaskEvent;
import org.apical.task.TrialStateMachine;

/**
 * One closed-loop session: a source, one ring of preallocated frames, the decision path (normalise → decode → task)
 * and side consumers (monitor, recorder, residuals) that may lag but never hold up a decision.
 * <pre>
 *   source ─> ingest ─> [ring] ─> DecisionHandler ─┬─> Monitor (latency, outcomes, LiveView)
 *                                                  └─> side consumers (recorder, residuals, ...)
 * </pre>
 */
public final class Session {
    private final Definitions defs;
    private final FrameSource source;
    private final StreamDescription description;
    private final List<RewardOutput> outputs;
    private final RewardDispatcher rewards;
    private final ControlInbox control = new ControlInbox();
    private final Monitor monitor;
    private final LiveView view;
    private final List<EventHandler<Frame>> sideConsumers = new ArrayList<>();
    private final EnsembleDecoder decoder;
    private final TaskStage taskStage;
    private final RewardGate gate;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private Disruptor<Frame> disruptor;
    private RewardWatchdog watchdog;
    private volatile boolean started;
    private DecisionHandler decision;

    public Session(Definitions defs, FrameSource source, List<RewardOutput> outputs, SessionListener listener) {
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
        taskStage = new TaskStage(machine, rewards, source, control, defs.rig().reward().volumeUl());
        decision = new DecisionHandler(List.of(new NormaliseStage(normaliser), new DecodeStage(decoder), taskStage));
        monitor = new Monitor(view, listener);
    }

    /** BCI2000-style: everything that can be checked against the live stream, before the first sample. */
    private void preflight() {
        if (!(description.nominalRate() > 0)) {
            throw new ConfigException("stream '" + description.name() + "' has an irregular rate (nominal_srate 0);"
                    + " the closed loop needs a regular frame or bin rate");
        }
        defs.checkChannels(description.channelCount(), "stream '" + description.name() + "' ("
                + description.channelCount() + " channels)");
        if (defs.decoder().calibration().auto() && defs.decoder().task().baseline().value() == 0) {
            throw new ConfigException(defs.decoder().file() + ": calibration.auto: needs a baseline period"
                    + " (task.baseline above 0) to calibrate on, or set calibration.auto: false with floor and threshold");
        }
    }

    private static int frames(Duration d, double rate) {
        return (int) Math.max(1, d.inFrames() ? d.value() : Math.round(d.value() * rate));
    }

    private TaskEvent calibrate(Frame f, long baselineFrames) {
        Calibration.Result r = decoder.calibrate((int) Math.min(Integer.MAX_VALUE, baselineFrames));
        if (r == null) return null;
        return new TaskEvent.Calibrated(f.sequence, f.timestamp, r.floor(), r.threshold(), r.z());
    }

    /** Adds a side consumer (recorder, residuals); call before {@link #run()}. */
    public void addSideConsumer(EventHandler<Frame> consumer) { sideConsumers.add(consumer); }

    public SessionControl control() { return control; }
    public LiveView view() { return view; }
    public Monitor monitor() { return monitor; }
    public StreamDescription description() { return description; }
    public FrameSource source() { return source; }
    public EnsembleDecoder decoder() { return decoder; }
    public RewardGate gate() { return gate; }
    public TaskStage taskStage() { return taskStage; }
    public RewardDispatcher rewards() { return rewards; }
    public RewardWatchdog watchdog() { return watchdog; }

    /** Sequence of the last frame the decision path finished (for sources that follow decisions). */
    public long decidedSequence() {
        return started ? disruptor.getSequenceValueFor(decision) : -1;
    }

    /** Runs until the source ends or {@link SessionControl#stop()}; returns after every consumer has drained. */
    public void run() throws InterruptedException {
        int channels = description.channelCount();
        int pairs = description.pairCount();
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "apical-consumer-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        HotPathWaitStrategy wait = new HotPathWaitStrategy(WaitStrategies.of(defs.rig().pipeline().waitStrategy()));
        decision.useWaitStrategy(wait);
        disruptor = new Disruptor<>(() -> new Frame(channels, pairs), defs.rig().pipeline().ringSize(), tf,
                ProducerType.SINGLE, wait);
        disruptor.setDefaultExceptionHandler(new FailFast());
        EventHandlerGroup<Frame> after = disruptor.handleEventsWith(decision);
        List<EventHandler<Frame>> side = new ArrayList<>();
        side.add(monitor);
        side.addAll(sideConsumers);
        @SuppressWarnings("unchecked")
        EventHandler<Frame>[] sideArray = side.toArray(new EventHandler[0]);
        after.then(sideArray);
        RingBuffer<Frame> ring = disruptor.start();
        started = true;
        // armed by the first decided frame; closes every valve and stops rewarding if decisions stall
        watchdog = new RewardWatchdog(gate, outputs,
                RewardWatchdog.stallNanos(defs.rig().reward().stallTimeout(), description.nominalRate()),
                taskStage::lastFrameNanos).start();
        try {
            ingest(ring);
        } finally {
            watchdog.pause();
            try {
                disruptor.shutdown(30, TimeUnit.SECONDS);
            } catch (com.lmax.disruptor.TimeoutException e) {
                failure.compareAndSet(null, new IllegalStateException(
                        "a consumer did not drain within 30 s of the end of the stream"));
                disruptor.halt();
            }
            rewards.closeValves();
            watchdog.close();
        }
        Throwable t = failure.get();
        if (t != null) throw new IllegalStateException("the pipeline stopped on an error: " + t, t);
    }

    private void ingest(RingBuffer<Frame> ring) throws InterruptedException {
        long seq = 0;
        try {
            while (!control.stopRequested() && failure.get() == null) {
                long s = ring.next();
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
                    return;
                }
                ring.publish(s);
                seq++;
            }
            long s = ring.next();
            Frame f = ring.get(s);
            f.clear();
            f.sequence = seq;
            f.endOfStream = true;
            ring.publish(s);
        } finally {
            source.close();
        }
    }

    /** A consumer that throws stops the session: a half-working decision path must not keep rewarding. */
    private final class FailFast implements ExceptionHandler<Frame> {
        @Override public void handleEventException(Throwable ex, long sequence, Frame event) {
            failure.compareAndSet(null, ex);
            control.stop();
            rewards.closeValves();
        }

        @Override public void handleOnStartException(Throwable ex) { failure.compareAndSet(null, ex); }

        @Override public void handleOnShutdownException(Throwable ex) { failure.compareAndSet(null, ex); }
    }
}
