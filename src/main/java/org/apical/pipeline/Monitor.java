package org.apical.pipeline;

import com.lmax.disruptor.EventHandler;
import java.util.ArrayList;
import java.util.List;
import org.apical.task.TaskEvent;
import org.apical.task.TaskState;
import org.apical.task.TrialOutcome;

/**
 * Side consumer that watches every decided frame: latency (arrival → decision, arrival → published), frame counts and
 * gaps, trial outcomes rebuilt from the task events, and the {@link LiveView} the GUI reads. It may lag the decision
 * thread; nothing waits for it except the end of the session.
 */
public final class Monitor implements EventHandler<Frame> {
    private final LiveView view;
    private final SessionListener listener;
    private final LatencyHistogram decision = new LatencyHistogram();
    private final LatencyHistogram published = new LatencyHistogram();
    private final List<TrialOutcome> outcomes = new ArrayList<>();
    private long frames;
    private long gaps;
    private long lostSamples;
    private int rewards;
    private int manualRewards;
    private int hits;
    private double firstTimestamp = Double.NaN;
    private double lastTimestamp = Double.NaN;
    private TaskState lastState;
    private double stateSince;
    // the trial being watched
    private int trial;
    private double trialStart;
    private TrialOutcome.Kind kind;
    private double timeToTarget;
    private boolean rewarded;

    public Monitor(LiveView view, SessionListener listener) {
        this.view = view;
        this.listener = listener == null ? new SessionListener() {} : listener;
    }

    @Override public void onEvent(Frame f, long sequence, boolean endOfBatch) {
        if (f.endOfStream) {
            closeTrial();
            return;
        }
        frames++;
        if (f.gapBefore > 0) {
            gaps++;
            lostSamples += f.gapBefore;
            if (view != null) view.setHealth(lostSamples + " samples lost in " + gaps + " gaps; last before frame " + f.sequence);
        }
        if (Double.isNaN(firstTimestamp)) firstTimestamp = f.timestamp;
        lastTimestamp = f.timestamp;
        decision.record(f.decidedNanos - f.arrivalNanos);
        for (int i = 0; i < f.eventCount; i++) handle(f.events[i]);
        if (f.state != lastState) {
            lastState = f.state;
            stateSince = f.timestamp;
        }
        if (view != null) {
            view.publish(f, f.timestamp - stateSince, trialsSoFar(), hits, rewards);
            published.record(System.nanoTime() - f.arrivalNanos);
        }
    }

    private int trialsSoFar() { return outcomes.size() + (kind != null || trial > outcomes.size() ? 1 : 0); }

    private void handle(TaskEvent e) {
        listener.onEvent(e);
        switch (e) {
            case TaskEvent.TrialStarted t -> {
                closeTrial();
                trial = t.trial();
                trialStart = t.timestamp();
                kind = null;
                timeToTarget = Double.NaN;
                rewarded = false;
            }
            case TaskEvent.Hit h -> {
                kind = TrialOutcome.Kind.HIT;
                timeToTarget = h.timeToTarget();
                hits++;
            }
            case TaskEvent.TimedOut t -> kind = TrialOutcome.Kind.TIMEOUT;
            case TaskEvent.FloorFailed x -> kind = TrialOutcome.Kind.FLOOR_FAIL;
            case TaskEvent.TrialAborted a -> kind = TrialOutcome.Kind.ABORTED;
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
        listener.onTrial(o);
    }

    public LatencyHistogram decisionLatency() { return decision; }
    public LatencyHistogram publishedLatency() { return published; }
    public List<TrialOutcome> outcomes() { return outcomes; }
    public long frames() { return frames; }
    public long gaps() { return gaps; }
    public long lostSamples() { return lostSamples; }
    public int rewards() { return rewards; }
    public int manualRewards() { return manualRewards; }
    public int hits() { return hits; }
    public double firstTimestamp() { return firstTimestamp; }
    public double lastTimestamp() { return lastTimestamp; }
}
