package org.apical.pipeline;

import com.lmax.disruptor.EventHandler;
import org.apical.core.TaskEvent;
import org.apical.core.TaskState;
import org.apical.task.TrialOutcome;
import org.apical.core.Frame;
import org.apical.core.LatencyHistogram;

/**
 * Side consumer that tells the operator: publishes each decided frame to the {@link LiveView} (console, stimulus
 * window), keeps the health line, and passes task events and closed trials to the {@link SessionListener} (which may
 * print, and so may block on a full terminal). It runs behind the decision thread and may skip frames; events and
 * trials come from the {@link Monitor}'s queue, so none is lost to a skip.
 */
public final class ViewFeed implements EventHandler<Frame> {
    private final LiveView view;
    private final Monitor monitor;
    private final SessionListener listener;
    private final LatencyHistogram published = new LatencyHistogram();
    private TaskState lastState;
    private double stateSince;
    private long gapsShown;
    private long staleShown;
    private long skipped;
    private long nonFiniteShown;

    public ViewFeed(LiveView view, Monitor monitor, SessionListener listener) {
        this.view = view;
        this.monitor = monitor;
        this.listener = listener == null ? new SessionListener() {} : listener;
    }

    @Override public void onEvent(Frame f, long sequence, boolean endOfBatch) {
        drainEvents();
        if (f.endOfStream) return;
        skipped += f.skippedBefore;
        long gaps = monitor.gaps(), stale = monitor.staleFrames(), nonFinite = monitor.nonFiniteSamples();
        if (gaps != gapsShown || stale != staleShown || nonFinite != nonFiniteShown || f.skippedBefore > 0) {
            gapsShown = gaps;
            staleShown = stale;
            nonFiniteShown = nonFinite;
            view.setHealth(health(gaps, stale, f.sequence));
        }
        if (f.state != lastState) {
            lastState = f.state;
            stateSince = f.timestamp;
        }
        view.publish(f, f.timestamp - stateSince, monitor.trialsSoFar(), monitor.hits(), monitor.rewards());
        published.record(System.nanoTime() - f.arrivalNanos);
    }

    @Override public void onShutdown() { drainEvents(); }

    private String health(long gaps, long stale, long frame) {
        StringBuilder b = new StringBuilder();
        if (gaps > 0) {
            b.append(monitor.lostSamples()).append(" samples lost in ").append(gaps).append(" gaps");
        } else {
            b.append("ok: no samples lost");
        }
        if (stale > 0) {
            b.append("; ").append(stale).append(" frames too old to reward (").append(monitor.staleTrials())
                    .append(" trials ended on stale input)");
        }
        if (monitor.nonFiniteSamples() > 0) {
            b.append("; ").append(monitor.nonFiniteSamples()).append(" NaN or infinite samples left out");
        }
        if (skipped > 0) b.append("; display skipped ").append(skipped).append(" frames");
        return b.append(" (frame ").append(frame).append(")").toString();
    }

    private void drainEvents() {
        Object o;
        while ((o = monitor.events().poll()) != null) {
            if (o instanceof TaskEvent e) listener.onEvent(e);
            else if (o instanceof TrialOutcome t) {
                view.closeTrial(t);
                listener.onTrial(t);
            }
        }
    }

    /** Arrival → the frame's state visible to the console and the stimulus window. */
    public LatencyHistogram publishedLatency() { return published; }

    /** Frames the display never showed because it fell a ring behind. */
    public long skipped() { return skipped; }
}
