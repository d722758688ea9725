package org.apical.residual;

import com.lmax.disruptor.EventHandler;
import java.util.List;
import java.util.function.Consumer;
import org.apical.config.ResidualSection;
import org.apical.core.Frame;
import org.apical.core.TaskState;

/**
 * The residuals as a side consumer of the live loop: it reads decided frames on its own thread (under the rules of
 * {@code core.SideReader}: never waited for in a live session, told when it fell a ring behind), runs the
 * {@link ResidualTracker} on the raw values with the task's baseline as the reference period, and hands every
 * frame's residual trace and every event to its outputs; the console gets a snapshot a few times a second.
 */
public final class ResidualStage implements EventHandler<Frame> {
    /** Snapshots for the console per second of stream. */
    static final double SNAPSHOTS_PER_SECOND = 5;

    private final ResidualTracker tracker;
    private final Pairs pairs;
    private final List<ResidualOutput> outputs;
    private final Consumer<ResidualSnapshot> view;
    private final int snapshotEvery;
    private final ResidualTracker.Listener onEvent = this::publish;
    private long frames;
    private volatile long skipped;
    private volatile long eventCount;

    public ResidualStage(ResidualSection cfg, double rate, Pairs pairs, List<ResidualOutput> outputs,
                         Consumer<ResidualSnapshot> view) {
        this.pairs = pairs;
        this.tracker = new ResidualTracker(cfg, rate, pairs.somas(), pairs.dendrites());
        this.outputs = List.copyOf(outputs);
        this.view = view;
        this.snapshotEvery = (int) Math.max(1, Math.round(rate / SNAPSHOTS_PER_SECOND));
    }

    @Override public void onEvent(Frame f, long sequence, boolean endOfBatch) {
        if (f.endOfStream) return;
        if (f.skippedBefore > 0) skipped += f.skippedBefore;
        tracker.step(f.timestamp, f.raw, f.state == null || f.state == TaskState.BASELINE, onEvent);
        double[] trace = tracker.trace();
        for (ResidualOutput o : outputs) o.onFrame(f.timestamp, trace);
        if (view != null && frames++ % snapshotEvery == 0) view.accept(snapshot(f.sequence));
    }

    private void publish(ResidualEvent e) {
        eventCount++;
        String marker = pairs.marker(e);
        for (ResidualOutput o : outputs) o.onEvent(e, marker);
    }

    ResidualSnapshot snapshot(long frame) {
        int n = tracker.pairs();
        double[] last = new double[n], slope = new double[n];
        int[] events = new int[n], amplified = new int[n], attenuated = new int[n];
        boolean fitted = false;
        for (int p = 0; p < n; p++) {
            last[p] = tracker.lastResidual(p);
            slope[p] = tracker.fit(p).slope();
            fitted |= tracker.fit(p).ready();
            events[p] = tracker.events(p);
            amplified[p] = tracker.amplified(p);
            attenuated[p] = tracker.attenuated(p);
        }
        return new ResidualSnapshot(frame, pairs.neurons(), pairs.roles(), tracker.trace().clone(), last, events,
                amplified, attenuated, slope, fitted);
    }

    /** What the summary and {@code --json} report: pairs, events by class, pairs with a line, frames missed. */
    public record Report(int pairs, long events, long amplified, long attenuated, int fitted, long framesSkipped) {
        public String describe() {
            return pairs + " soma–dendrite pairs, " + events + " events (" + amplified + " amplified, " + attenuated
                    + " attenuated), " + fitted + " pairs fitted" + (framesSkipped > 0 ? ", " + framesSkipped
                    + " frames missed (the stage fell a ring behind)" : "");
        }
    }

    /** Call after the session ended (reads the tracker without synchronisation). */
    public Report report() {
        long amplified = 0, attenuated = 0;
        int fitted = 0;
        for (int p = 0; p < tracker.pairs(); p++) {
            amplified += tracker.amplified(p);
            attenuated += tracker.attenuated(p);
            if (tracker.fit(p).ready()) fitted++;
        }
        return new Report(tracker.pairs(), eventCount, amplified, attenuated, fitted, skipped);
    }

    public ResidualTracker tracker() { return tracker; }
    public Pairs pairs() { return pairs; }
    /** Events reported so far. */
    public long events() { return eventCount; }
    /** Frames this stage missed by falling a ring behind (its residuals then restart from later frames). */
    public long skipped() { return skipped; }
}
