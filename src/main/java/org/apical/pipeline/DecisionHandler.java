package org.apical.pipeline;

import com.lmax.disruptor.EventHandler;
import java.util.List;

/**
 * The decision path as one ring consumer: normalise → decode → task, in order, on one thread. One thread rather than
 * one per stage because (a) on a 2-core rig every thread hop adds microseconds of hand-off to the arrival → reward
 * latency, and (b) the task feeds back into decoding (a trial start resets the velocity-mode angle); on one thread that
 * feedback is exactly one frame late every time, so a replay makes the same decisions.
 */
public final class DecisionHandler implements EventHandler<Frame> {
    private final Stage[] stages;
    private HotPathWaitStrategy waitStrategy;

    public DecisionHandler(List<Stage> stages) { this.stages = stages.toArray(new Stage[0]); }

    /** The decision thread tells the ring's wait strategy who it is, so it alone spins (see HotPathWaitStrategy). */
    void useWaitStrategy(HotPathWaitStrategy w) { this.waitStrategy = w; }

    @Override public void onStart() {
        Thread.currentThread().setName("apical-decision");
        if (waitStrategy != null) waitStrategy.hotThreadIsCurrent();
    }

    @Override public void onEvent(Frame f, long sequence, boolean endOfBatch) {
        if (f.endOfStream) return;
        for (Stage s : stages) s.onFrame(f);
    }
}
