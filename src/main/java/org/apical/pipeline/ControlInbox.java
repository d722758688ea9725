package org.apical.pipeline;

import java.util.concurrent.atomic.AtomicInteger;
import org.apical.task.TrialStateMachine;

/**
 * Operator requests from other threads (console, keyboard, signals), applied by the task stage at the start of its
 * next frame, so the state machine stays single-threaded and on the frames' clock.
 */
public final class ControlInbox implements SessionControl {
    private final AtomicInteger manualRewards = new AtomicInteger();
    private volatile boolean paused;
    private volatile boolean stopped;

    @Override public void requestManualReward() { manualRewards.incrementAndGet(); }
    @Override public void pause() { paused = true; }
    @Override public void resume() { paused = false; }
    @Override public boolean paused() { return paused; }
    @Override public void stop() { stopped = true; }

    public boolean stopRequested() { return stopped; }

    /** Called by the task stage before each frame. */
    void applyTo(TrialStateMachine machine) {
        if (machine.paused() != paused) machine.setPaused(paused);
        int n = manualRewards.getAndSet(0);
        for (int i = 0; i < n; i++) machine.requestManualReward();
    }
}
