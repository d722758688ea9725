package org.apical.session;

import com.lmax.disruptor.EventHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apical.config.ConfigException;
import org.apical.config.Definitions;
import org.apical.config.DecoderConfig;
import org.apical.config.Duration;
import org.apical.decode.Calibration;
import org.apical.decode.EnsembleDecoder;
import org.apical.decode.Normaliser;
import org.apical.light.LightPlan;
import org.apical.reward.RewardDispatcher;
import org.apical.reward.RewardGate;
import org.apical.reward.RewardOutput;
import org.apical.reward.RewardWatchdog;
import org.apical.core.DecisionHandler;
import org.apical.core.Frame;
import org.apical.core.FrameRing;
import org.apical.core.FrameSource;
import org.apical.core.Stage;
import org.apical.core.StreamDescription;
import org.apical.core.TaskEvent;
import org.apical.task.TrialStateMachine;
import org.apical.pipeline.ControlInbox;
import org.apical.pipeline.DecodeStage;
import org.apical.pipeline.LiveView;
import org.apical.pipeline.Monitor;
import org.apical.pipeline.NormaliseStage;
import org.apical.pipeline.SessionControl;
import org.apical.pipeline.SessionListener;
import org.apical.pipeline.TaskStage;
import org.apical.pipeline.ViewFeed;
import org.apical.pipeline.WaitStrategies;

/**
 * One closed-loop session assembled from its definitions: the decision path (normalise → decode → task → books) and
 * side consumers (view feed, recorder, publishers, residuals) on a {@link FrameRing}, the reward gate, outputs and
 * watchdog.
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
    private final EnsembleDecoder decoder;
    private final TaskStage taskStage;
    private final RewardGate gate;
    private final DecisionHandler decision;
    private final LightPlan light;
    private org.apical.reward.LickLog licks;
    private volatile FrameRing ring;
    private RewardWatchdog watchdog;
    private boolean offline;
    private long drainMillis = -1;
    private long decidedHere = -1;

    public Session(Definitions defs, FrameSource source, List<RewardOutput> outputs, SessionListener listener) {
        this(defs, source, outputs, listener, null, false);
    }

    /**
     * A session whose source hands over every frame already normalised ({@link Frame#norm} filled for the
     * decoder's channels by {@link #normaliser} over the same raw values): a pilot runs hundreds of decoders over one
     * recording, and a channel's dF/F depends only on that channel and the normalise settings, so it is computed
     * once instead of once per decoder. Everything from decode on is the same.
     */
    public static Session normalisedBySource(Definitions defs, FrameSource source, List<RewardOutput> outputs) {
        return new Session(defs, source, outputs, null, null, true);
    }

    /** @param probe a stage run first on every frame, for tests of the decision path's failure handling */
    Session(Definitions defs, FrameSource source, List<RewardOutput> outputs, SessionListener listener, Stage probe) {
        this(defs, source, outputs, listener, probe, false);
    }

    /**
     * @param probe              a stage run first on every frame, for tests of the decision path's failure handling
     * @param normalisedBySource true when the source fills {@link Frame#norm} itself (see {@link #normalisedBySource})
     */
    Session(Definitions defs, FrameSource source, List<RewardOutput> outputs, SessionListener listener, Stage probe,
            boolean normalisedBySource) {
        this.description = source.description();
        this.defs = defs.withDecoder(defs.decoder().withLabelsResolved(description.labels(),
                "stream '" + description.name() + "'"));
        defs = this.defs;
        this.source = source;
        this.outputs = List.copyOf(outputs);
        this.rewards = new RewardDispatcher(this.outputs);
        this.view = new LiveView();
        view.setTarget(defs.stimulus().targetAngle(), defs.stimulus().tolerance());
        view.setHealth("ok: no samples lost");
        preflight();
        double rate = description.nominalRate();
        DecoderConfig d = defs.decoder();

        Normaliser normaliser = normaliser(d, decodedChannels(d), description);
        int baselineFrames = Math.max(1, frames(d.task().baseline(), rate) + 2);
        decoder = new EnsembleDecoder(d, defs.stimulus(), baselineFrames);
        gate = new RewardGate(defs.rig().reward().minInterval(), defs.rig().reward().maxPerSession());
        TrialStateMachine machine = new TrialStateMachine(d.task(), defs.stimulus(), gate,
                defs.rig().reward().volumeUl(), d.calibration().floorFailure(), this::calibrate, decoder::startTrial);
        taskStage = new TaskStage(machine, rewards, source, control, defs.rig().reward().volumeUl(),
                seconds(defs.rig().input().maxFrameAge(), rate));
        light = new LightPlan(defs.rig().light(), rate, gate, defs.rig().file());
        taskStage.setLight(light);
        monitor = new Monitor();
        List<Stage> stages = new ArrayList<>();
        if (probe != null) stages.add(probe);
        if (!normalisedBySource) stages.add(new NormaliseStage(normaliser));
        stages.addAll(List.of(new DecodeStage(decoder), taskStage, monitor));
        decision = new DecisionHandler(stages, monitor::endOfStream);
        viewFeed = new ViewFeed(view, monitor, listener);
    }

    /** The channels the decision reads (both ensembles, ascending): a soma–dendrite analysis normalises its own. */
    public static int[] decodedChannels(DecoderConfig d) {
        TreeSet<Integer> used = new TreeSet<>();
        for (int c : d.plus()) used.add(c);
        for (int c : d.minus()) used.add(c);
        return used.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The normaliser a session of decoder {@code d} on this stream uses for {@code channels}. */
    public static Normaliser normaliser(DecoderConfig d, int[] channels, StreamDescription description) {
        return new Normaliser(d.normalise(), channels, frames(d.normalise().window(), description.nominalRate()),
                description.spikes());
    }

    private void preflight() { preflight(defs, description); }

    /**
     * BCI2000-style: everything that can be checked against the live stream, before the first sample; what a session
     * of {@code defs} on {@code description} checks when it is built, so that a dry run can check the same.
     */
    public static void preflight(Definitions defs, StreamDescription description) {
        if (description.info().channelFormat() == org.apical.stream.ChannelFormat.STRING) {
            throw new ConfigException("stream '" + description.name() + "' carries text (channel_format string);"
                    + " the closed loop needs numbers: pick the imaging or spike stream in "
                    + defs.rig().file() + ": input.stream");
        }
        if (!(description.nominalRate() > 0)) {
            throw new ConfigException("stream '" + description.name() + "' has an irregular rate (nominal_srate 0);"
                    + " the closed loop needs a regular frame or bin rate");
        }
        defs.checkStream(description.channelCount(), description.nominalRate(), "stream '" + description.name()
                + "' (" + description.channelCount() + " channels)", "stream '" + description.name() + "''s "
                + description.nominalRate() + " Hz");
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
    public void setOffline(boolean offline) {
        this.offline = offline;
        taskStage.measureAge(!offline);
    }

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
    /** The light protocol of this session (mode off when the rig has none). */
    public LightPlan light() { return light; }

    /**
     * The light the session drives ({@code run} and {@code demo}; a replay never sets one, so it never drives a
     * light). Call before {@link #run()}.
     */
    public void setLight(org.apical.reward.LightOutput output) { light.setOutput(output); }

    /** Where the controller (or the simulated rig) reports licks; null when nothing reports them. */
    public void setLicks(org.apical.reward.LickLog log) { this.licks = log; }

    public org.apical.reward.LickLog licks() { return licks; }

    /** Side consumers that did not reach the end of the stream in time (live: left behind, the session went on). */
    public List<String> lateConsumers() { return ring == null ? List.of() : ring.lateConsumers(); }

    /** Frames each side consumer missed by falling a ring behind, by consumer name (live sessions). */
    public java.util.Map<String, Long> skippedBySideConsumers() {
        return ring == null ? java.util.Map.of() : ring.skippedBySideConsumers();
    }

    /** Sequence of the last frame the decision path finished (for sources that follow decisions). */
    public long decidedSequence() {
        FrameRing r = ring;
        return r == null ? decidedHere : r.decidedSequence();
    }

    /**
     * Offline, with no side consumer (no recorder, no view, no animal waiting): ingest and decide on the calling
     * thread, one frame at a time, without the ring and its threads. The same stages in the same order see the same
     * frames as in {@link #run()} (cleared, numbered and stamped the way ingest does), so the decisions are the same;
     * what a pilot running many decoders over one recording needs. {@code observer} (may be null) sees every decided
     * frame after the books, on this thread.
     */
    public void runHere(Stage observer) throws InterruptedException {
        if (!sideConsumers.isEmpty()) {
            throw new IllegalStateException("runHere is for sessions without side consumers; use run()");
        }
        Frame f = new Frame(description.channelCount());
        long seq = 0;
        try {
            while (!control.stopRequested()) {
                f.clear();
                f.sequence = seq;
                f.arrivalNanos = 0;
                boolean more = source.next(f);
                if (f.arrivalNanos == 0) f.arrivalNanos = System.nanoTime();
                if (!more) break;
                decision.onEvent(f, seq, true);
                decidedHere = seq;
                if (observer != null) observer.onFrame(f);
                seq++;
            }
            f.clear();
            f.sequence = seq;
            f.endOfStream = true;
            decision.onEvent(f, seq, true);
        } catch (RuntimeException e) {
            gate.disable();
            throw new IllegalStateException("the pipeline stopped on an error: " + e, e);
        } finally {
            rewards.closeValves();
            light.off();
            source.close();
        }
    }

    /** Runs until the source ends or {@link SessionControl#stop()}; returns after every consumer has drained. */
    public void run() throws InterruptedException {
        List<EventHandler<Frame>> side = new ArrayList<>();
        side.add(viewFeed);
        side.addAll(sideConsumers);
        ring = new FrameRing(defs.rig().pipeline().ringSize(), WaitStrategies.of(defs.rig().pipeline().waitStrategy()),
                description, source, decision, side, offline, drainMillis, control::stopRequested, () -> {
                    gate.disable();
                    rewards.closeValves();
                    light.off();
                    control.stop();
                });
        ring.start();
        // armed by the first decided frame; closes every valve and stops rewarding if decisions stall
        watchdog = new RewardWatchdog(gate, outputs,
                RewardWatchdog.stallNanos(defs.rig().reward().stallTimeout(), description.nominalRate()),
                taskStage::lastFrameNanos);
        watchdog.unpaced(offline);
        watchdog.start();
        try {
            ring.run(watchdog::pause);
        } finally {
            rewards.closeValves();
            light.off();
            watchdog.close();
        }
        Throwable t = ring.failure();
        if (t != null) throw new IllegalStateException("the pipeline stopped on an error: " + t, t);
    }
}
