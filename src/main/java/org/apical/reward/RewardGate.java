package org.apical.reward;

import org.apical.config.Duration;

/**
 * The animal's safety limits, enforced before any output sees a request: at most one reward per trial, a minimum
 * interval between rewards, a maximum per session. Manual rewards from the console pass through the same gate and
 * the same three limits: a manual reward during a trial is that trial's one reward (refused if the trial was
 * already rewarded; if given first, the trial's own reward is then refused), and one between trials counts against
 * the interval and the session maximum. Time is the frames' own clock, so a replay makes the same decisions.
 * Single-threaded: only the task stage calls {@link #approve}; {@link #lastManual()} may be read from any thread.
 */
public final class RewardGate {
    /** Why a request was refused; null when approved. */
    public enum Refusal {
        ALREADY_REWARDED_THIS_TRIAL("this trial was already rewarded (one reward per trial)"),
        TOO_SOON("too soon after the last reward (min_interval)"),
        SESSION_MAXIMUM("the session maximum is reached (max_per_session)"),
        DISABLED("rewarding is stopped by the watchdog (stalled pipeline or a device not answering)");

        private final String text;

        Refusal(String text) { this.text = text; }

        /** For the operator. */
        public String explain() { return text; }
    }

    /**
     * The gate's answer to the latest manual request, for the console: the {@code count}-th manual request,
     * in which trial (0: between trials), refused why (null: given), how many rewards the session has had.
     */
    public record ManualDecision(long count, int trial, Refusal refusal, int given) {}

    private final Duration minInterval;
    private final int maxPerSession;
    private int given;
    private int lastRewardedTrial = Integer.MIN_VALUE;
    private double lastTimestamp = Double.NEGATIVE_INFINITY;
    private long lastFrame = Long.MIN_VALUE / 2;
    private volatile boolean disabled;
    private volatile boolean suspended;
    private Refusal lastRefusal;
    private long manualRequests;
    private volatile ManualDecision lastManual;

    public RewardGate(Duration minInterval, int maxPerSession) {
        this.minInterval = minInterval;
        this.maxPerSession = maxPerSession;
    }

    /**
     * Decides one request. {@code trial} is the trial in progress, or ≤ 0 between trials (only manual rewards
     * come then); a manual reward is held to the same limits as the trial's own. Returns true if the reward may
     * go out.
     */
    public boolean approve(int trial, boolean manual, long frame, double timestamp) {
        lastRefusal = decide(trial, frame, timestamp);
        // A manual request is rare (an operator's click): the record for the console may allocate.
        if (manual) lastManual = new ManualDecision(++manualRequests, Math.max(0, trial), lastRefusal,
                lastRefusal == null ? given + 1 : given);
        if (lastRefusal != null) return false;
        given++;
        if (trial > 0) lastRewardedTrial = trial;
        lastTimestamp = timestamp;
        lastFrame = frame;
        return true;
    }

    private Refusal decide(int trial, long frame, double timestamp) {
        if (disabled || suspended) return Refusal.DISABLED;
        if (trial > 0 && trial == lastRewardedTrial) return Refusal.ALREADY_REWARDED_THIS_TRIAL;
        if (given >= maxPerSession) return Refusal.SESSION_MAXIMUM;
        if (!minInterval.elapsed(frame - lastFrame, timestamp - lastTimestamp)) return Refusal.TOO_SOON;
        return null;
    }

    /** For good (Stop, a signal, a stage that failed): no reward passes any more, whatever the watchdog does. */
    public void disable() { disabled = true; }

    /**
     * The watchdog's switch: no reward passes until {@link #resume()}. Apart from {@link #disable()}, so that the
     * watchdog's recovery never undoes a Stop.
     */
    public void suspend() { suspended = true; }
    public void resume() { suspended = false; }

    /** True while nothing may pass (a Stop, or the watchdog's suspension): the light obeys it too. */
    public boolean shut() { return disabled || suspended; }

    public Refusal lastRefusal() { return lastRefusal; }
    public int given() { return given; }

    /** The latest manual request's outcome, or null before the first. */
    public ManualDecision lastManual() { return lastManual; }

    /** The limits a manual reward is held to, in the operator's words (the console shows this). */
    public String manualLimits() {
        return "one reward per trial (a manual one counts as the trial's), at least "
                + (minInterval.value() == 0 ? "0 s" : minInterval) + " apart, at most " + maxPerSession
                + " per session";
    }
}
