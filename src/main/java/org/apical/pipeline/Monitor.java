package org.apical.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apical.core.TaskEvent;
import org.apical.task.TrialOutcome;
import org.apical.core.Frame;
import org.apical.core.Stage;
import org.apical.core.LatencyHistogram;

/**
 * The session's own books, kept as the last stage of the decision path so that they are exact however far a side
 * consumer lags: frames, gaps and lost samples, stale frames, trial outcomes rebuilt from the task events, rewards,
 * and the latencies arrival → decision and source timestamp → decision. Per frame it only counts and records into
 * fixed histograms; task events (a few per trial) are handed to {@link #events()} for whoever tells the operator,
 * on another thread ({@link ViewFeed}).
 */
public final class Monitor implements Stage {
    private final LatencyHistogram decision = new LatencyHistogram();
    private final LatencyHistogram endToEnd = new LatencyHistogram();
    private final List<TrialOutcome> outcomes = new ArrayList<>();
    private final ConcurrentLinkedQueue<Object> events = new ConcurrentLinkedQueue<>();
    private long frames;
    private volatile long gaps;
    private volatile long lostSamples;
    private volatile long staleFrames;
    private volatile long nonFiniteSamples;
    private volatile long nonFiniteFrames;
    private volatile int staleTrials;
    private volatile int rewards;
    private int manualRewards;
    private volatile int hits;
    private volatile int trialsSoFar;
    private double firstTimestamp = Double.NaN;
    private double lastTimestamp = Double.NaN;
    // the trial being watched
    private int trial;
    private double trialStart;
    private TrialOutcome.Kind kind;
    private double timeToTarget;
    private boolean rewarded;

    @Override public void onFrame(Frame f) {
        frames++;
        if (f.nonFinite > 0) {
            nonFiniteSamples += f.nonFinite;
            nonFiniteFrames++;
        }
        if (f.gapBefore > 0) {
            gaps++;
            lostSamples += f.gapBefore;
        }
        if (f.stale) staleFrames++;
        if (Double.isNaN(firstTimestamp)) firstTimestamp = f.timestamp;
        lastTimestamp = f.timestamp;
        decision.record(f.decidedNanos - f.arrivalNanos);
        if (f.age == f.age) endToEnd.record((long) (f.age * 1e9));
        for (int i = 0; i < f.eventCount; i++) handle(f.events[i]);
    }

    /** The end of the stream: the trial in progress is closed (as aborted unless it had ended). */
    public void endOfStream() { closeTrial(); }

    private void handle(TaskEvent e) {
        events.add(e);
        switch (e) {
            case TaskEvent.TrialStarted t -> {
                closeTrial();
                trial = t.trial();
                trialStart = t.timestamp();
                kind = null;
                timeToTarget = Double.NaN;
                rewarded = false;
                trialsSoFar = outcomes.size() + 1;
            }
            case TaskEvent.Hit h -> {
                kind = TrialOutcome.Kind.HIT;
                timeToTarget = h.timeToTarget();
                hits++;
            }
            case TaskEvent.TimedOut t -> kind = TrialOutcome.Kind.TIMEOUT;
            case TaskEvent.FloorFailed x -> kind = TrialOutcome.Kind.FLOOR_FAIL;
            case TaskEvent.TrialAborted a -> kind = TrialOutcome.Kind.ABORTED;
            case TaskEvent.StaleInput s -> {
                if (s.trial() == trial && kind == null) {
                    kind = TrialOutcome.Kind.STALE_INPUT;
                    staleTrials++;
                }
            }
            case TaskEvent.RewardGiven r -> {
                rewards++;
                if (r.manual()) manualRewards++;
                else if (r.trial() == trial) rewarded = true;
            }
            case TaskEvent.SessionEnded s -> closeTrial();
            default -> { }
        }
    }

    private void closeTrial() {
        if (trial == 0 || outcomes.size() >= trial) return;
        TrialOutcome o = new TrialOutcome(trial, kind == null ? TrialOutcome.Kind.ABORTED : kind, trialStart,
                timeToTarget, rewarded);
        outcomes.add(o);
        events.add(o);
    }

    /** Task events and closed trials ({@link TaskEvent} or {@link TrialOutcome}), in order, for the operator. */
    ConcurrentLinkedQueue<Object> events() { return events; }

    public LatencyHistogram decisionLatency() { return decision; }
    /** Source timestamp → decision on this machine's clock (LSL transport, inlet hand-off and the decision path). */
    public LatencyHistogram endToEndLatency() { return endToEnd; }
    public List<TrialOutcome> outcomes() { return outcomes; }
    public long frames() { return frames; }
    /**
     * Counts samples lost where no frame can carry them (a recording whose footer says its stream began earlier or
     * ended later than the samples it holds); called before the session starts.
     */
    public void lostOutsideFrames(long samples) {
        if (samples <= 0) return;
        gaps++;
        lostSamples += samples;
    }

    public long gaps() { return gaps; }
    public long lostSamples() { return lostSamples; }
    public long staleFrames() { return staleFrames; }
    /** NaN or infinite raw values in the decoded channels, each left out of its baseline and ensemble mean. */
    public long nonFiniteSamples() { return nonFiniteSamples; }
    /** Frames with at least one such value. */
    public long nonFiniteFrames() { return nonFiniteFrames; }
    public int staleTrials() { return staleTrials; }
    public int rewards() { return rewards; }
    public int manualRewards() { return manualRewards; }
    public int hits() { return hits; }
    /** Trials started so far (read by the view feed while the session runs). */
    public int trialsSoFar() { return trialsSoFar; }
    public double firstTimestamp() { return firstTimestamp; }
    public double lastTimestamp() { return lastTimestamp; }
}
