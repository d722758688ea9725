package org.apical.core;

import com.lmax.disruptor.EventHandler;
import java.util.List;

/**
 * The decision path as one ring consumer: normalise → decode → task → books, in order, on one thread. One thread
 * rather than one per stage because (a) on a 2-core rig every thread hop adds microseconds of hand-off to the
 * arrival → reward latency, and (b) the task feeds back into decoding (a trial start resets the velocity-mode angle);
 * on one thread that feedback is exactly one frame late every time, so a replay makes the same decisions.
 *
 * <p>Once a stage has thrown, nothing more is decided: {@link #stop()} is called by the session's exception handler
 * before the processor halts, so not even the rest of the batch already in hand reaches a stage.
 */
public final class DecisionHandler implements EventHandler<Frame> {
    private final Stage[] stages;
    private final Runnable onEndOfStream;
    private volatile boolean stopped;

    public DecisionHandler(List<Stage> stages, Runnable onEndOfStream) {
        this.stages = stages.toArray(new Stage[0]);
        this.onEndOfStream = onEndOfStream;
    }

    @Override public void onStart() { Thread.currentThread().setName("apical-decision"); }

    @Override public void onEvent(Frame f, long sequence, boolean endOfBatch) {
        if (stopped) return;
        if (f.endOfStream) {
            onEndOfStream.run();
            return;
        }
        for (Stage s : stages) s.onFrame(f);
    }

    /** No further frame reaches a stage. */
    void stop() { stopped = true; }

    boolean stopped() { return stopped; }
}
