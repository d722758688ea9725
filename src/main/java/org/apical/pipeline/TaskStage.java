package org.apical.pipeline;

import org.apical.reward.RewardDispatcher;
import org.apical.reward.RewardRequest;
import org.apical.task.TrialStateMachine;

/**
 * The trial state machine, and the hand-off of approved rewards to the outputs (which never block). This is where the
 * decision to reward is made: {@link TrialStateMachine} asks, {@link org.apical.reward.RewardGate} approves, and the
 * request leaves here.
 */
public final class TaskStage implements Stage {
    private final TrialStateMachine machine;
    private final RewardDispatcher rewards;
    private final FrameSource source;
    private final ControlInbox inbox;
    private final double volumeUl;
    private volatile long lastFrameNanos;

    public TaskStage(TrialStateMachine machine, RewardDispatcher rewards, FrameSource source, ControlInbox inbox,
                     double volumeUl) {
        this.machine = machine;
        this.rewards = rewards;
        this.source = source;
        this.inbox = inbox;
        this.volumeUl = volumeUl;
    }

    @Override public void onFrame(Frame f) {
        inbox.applyTo(machine);
        machine.onFrame(f);
        f.decidedNanos = System.nanoTime();
        lastFrameNanos = f.decidedNanos;
        if (f.rewardRequested) {
            boolean manual = f.events[f.eventCount - 1] instanceof org.apical.task.TaskEvent.RewardGiven g && g.manual();
            RewardRequest r = new RewardRequest(f.trial, f.sequence, f.timestamp, volumeUl, manual, f.decidedNanos);
            rewards.dispatch(r);
            source.onReward(f.trial, f.timestamp);
        }
    }

    /** System.nanoTime() of the last decided frame: the heartbeat a stall watchdog reads. */
    public long lastFrameNanos() { return lastFrameNanos; }

    public TrialStateMachine machine() { return machine; }
}
