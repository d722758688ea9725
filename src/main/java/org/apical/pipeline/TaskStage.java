package org.apical.pipeline;

import org.apical.light.LightPlan;
import org.apical.reward.RewardDispatcher;
import org.apical.reward.RewardRequest;
import org.apical.core.TaskEvent;
import org.apical.task.TrialStateMachine;
import org.apical.core.Frame;
import org.apical.core.Stage;
import org.apical.core.FrameSource;

/**
 * The trial state machine, and the hand-off of approved rewards to the outputs (which never block). This is where the
 * decision to reward is made: {@link TrialStateMachine} asks, {@link org.apical.reward.RewardGate} approves, and the
 * request leaves here.
 *
 * <p>Before the machine sees a frame its age is measured: source timestamp → now, on this machine's clock, when the
 * source's timestamps are on it ({@link FrameSource#timestampsOnThisClock()}); otherwise the age the source gave (a
 * replay's recorded one) stands. A frame older than {@code input.max_frame_age} is stale and can earn nothing:
 * after a network stall the backlog is decided for the books, not for the animal.
 */
public final class TaskStage implements Stage {
    private final TrialStateMachine machine;
    private final RewardDispatcher rewards;
    private final ControlInbox inbox;
    private final double volumeUl;
    private final boolean onThisClock;
    private boolean measureAge; // set before the decision thread starts
    private final double maxAgeSeconds;
    private volatile long lastFrameNanos;
    private LightPlan light; // set before the decision thread starts

    /** @param maxAgeSeconds the oldest a frame may be and still earn a reward (+∞: no bound) */
    public TaskStage(TrialStateMachine machine, RewardDispatcher rewards, FrameSource source, ControlInbox inbox,
                     double volumeUl, double maxAgeSeconds) {
        this.machine = machine;
        this.rewards = rewards;
        this.inbox = inbox;
        this.volumeUl = volumeUl;
        this.onThisClock = source.timestampsOnThisClock();
        this.measureAge = onThisClock;
        this.maxAgeSeconds = maxAgeSeconds;
    }

    @Override public void onFrame(Frame f) {
        if (measureAge) f.age = System.nanoTime() / 1e9 - f.timestamp;
        f.stale = f.age > maxAgeSeconds;
        inbox.applyTo(machine);
        machine.onFrame(f);
        f.decidedNanos = System.nanoTime();
        lastFrameNanos = f.decidedNanos;
        boolean water = light == null || light.onFrame(f);
        if (f.rewardRequested) {
            boolean manual = f.lastEvent() instanceof TaskEvent.RewardGiven g && g.manual();
            if (water) {
                RewardRequest r = new RewardRequest(f.trial, f.sequence, f.timestamp, volumeUl, manual, f.decidedNanos);
                rewards.dispatch(r);
            } else {
                lightInsteadOfWater(f);
            }
        }
    }

    /**
     * at_hit on a light-on trial: the reinforcement went to the light, so the recorded reward carries no water
     * (volume 0; the light stream holds the pulse). One record per rewarded trial, as the reward itself.
     */
    private static void lightInsteadOfWater(Frame f) {
        for (int i = 0; i < f.eventCount; i++) {
            if (f.events[i] instanceof TaskEvent.RewardGiven g) {
                f.events[i] = new TaskEvent.RewardGiven(g.frame(), g.timestamp(), g.trial(), 0, g.manual());
            }
        }
    }

    /** The light protocol decided with each frame (null: no light). Call before the session runs. */
    public void setLight(LightPlan plan) { this.light = plan; }

    public LightPlan light() { return light; }

    /**
     * Offline (no animal waiting: an unpaced simulation) the age is not measured, only taken from the source: frames
     * produced faster than real time say nothing about a stalled stream.
     */
    public void measureAge(boolean measure) { this.measureAge = measure && onThisClock; }

    /** System.nanoTime() of the last decided frame: the heartbeat a stall watchdog reads. */
    public long lastFrameNanos() { return lastFrameNanos; }

    public TrialStateMachine machine() { return machine; }
}
