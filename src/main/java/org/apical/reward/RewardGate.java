package org.apical.reward;

import org.apical.config.Duration;

/**
 * The animal's safety limits, enforced before any output sees a request: at most one reward per trial, a minimum
 * interval between rewards, a maximum per session. Manual rewards from the console pass through the same gate.
 * Time is the frames' own clock, so a replay makes the same decisions. Single-threaded: only the task stage calls it.
 */
public final class RewardGate {
    /** Why a request was refused; null when approved. */
    public enum Refusal { ALREADY_REWARDED_THIS_TRIAL, TOO_SOON, SESSION_MAXIMUM, DISABLED }

    private final Duration minInterval;
    private final int maxPerSession;
    private int given;
    private int lastRewardedTrial = Integer.MIN_VALUE;
    private double lastTimestamp = Double.NEGATIVE_INFINITY;
    private long lastFrame = Long.MIN_VALUE / 2;
    private volatile boolean disabled;
    private Refusal lastRefusal;

    public RewardGate(Duration minInterval, int maxPerSession) {
        this.minInterval = minInterval;
        this.maxPerSession = maxPerSession;
    }

    /**
     * Decides one request. Manual rewards are not tied to a trial (trial ≤ 0 for them means "between trials") but
     * still count against the interval and the session maximum. Returns true if the reward may go out.
     */
    public boolean approve(int trial, boolean manual, long frame, double timestamp) {
        lastRefusal = decide(trial, manual, frame, timestamp);
        if (lastRefusal != null) return false;
        given++;
        if (!manual) lastRewardedTrial = trial;
        lastTimestamp = timestamp;
        lastFrame = frame;
        return true;
    }

    private Refusal decide(int trial, boolean manual, long frame, double timestamp) {
        if (disabled) return Refusal.DISABLED;
        if (!manual && trial == lastRewardedTrial) return Refusal.ALREADY_REWARDED_THIS_TRIAL;
        if (given >= maxPerSession) return Refusal.SESSION_MAXIMUM;
        if (!minInterval.elapsed(frame - lastFrame, timestamp - lastTimestamp)) return Refusal.TOO_SOON;
        return null;
    }

    /** The watchdog's switch: no reward passes until {@link #enable()}. */
    public void disable() { disabled = true; }
    public void enable() { disabled = false; }

    public Refusal lastRefusal() { return lastRefusal; }
    public int given() { return given; }
}
