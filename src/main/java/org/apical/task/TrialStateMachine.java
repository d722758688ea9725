package org.apical.task;

import org.apical.config.DecoderConfig;
import org.apical.config.Duration;
import org.apical.config.StimulusConfig;
import org.apical.core.Frame;
import org.apical.reward.RewardGate;
import org.apical.core.TaskEvent;
import org.apical.core.TaskState;
import org.apical.core.Display;

/**
 * The trial structure, driven only by the frames' own clock (frame counts and source timestamps), so the same input
 * always gives the same decisions:
 * <pre>
 *  BASELINE ──(baseline over; decoder calibrates)──> trial start
 *  trial start ──> LEAD (no feedback) ──> TRIAL (grating follows the decoder)
 *  TRIAL ──(angle within tolerance of the target for the hold time)──> HIT ──(post-hit)──> ITI ──> trial start
 *  TRIAL ──(trial length, counted from trial start, runs out)──> TIMEOUT ──(timeout ITI)──> trial start
 *  TRIAL ──(signal below the calibration floor, if enabled)──> FLOOR_FAIL ──> ITI ──> trial start
 *  LEAD/TRIAL ──(a stale frame: older than input.max_frame_age when decided)──> ITI  (outcome STALE_INPUT)
 *  after max_trials ──> DONE
 * </pre>
 * A stale frame never starts a trial, never hits, and a reward that falls due on one is refused: activity that is
 * seconds old (a stalled network, a backlog decided in a burst) teaches the animal nothing.
 * A hit requests its reward {@code reward_delay} after the hit frame; the {@link RewardGate} has the last word.
 * Every transition is an event on the frame where it happened.
 */
public final class TrialStateMachine {

    /** Called at the end of the baseline period; returns the calibration event to record (or null). */
    public interface Calibrator {
        TaskEvent calibrate(Frame frame, long baselineFrames);
    }

    private final DecoderConfig.TaskTiming timing;
    private final StimulusConfig stimulus;
    private final RewardGate gate;
    private final double volumeUl;
    private final boolean floorFailure;
    private final Calibrator calibrator;
    private final Runnable onTrialStart;
    // looked up once: a text comparison on every frame costs a pilot running thousands of sessions
    private final Display itiDisplay;
    private final Display timeoutDisplay;

    private TaskState state;
    private long stateFrame;
    private double stateTime;
    private int trial;
    private long trialFrame;
    private double trialTime;
    private long holdFrame = -1;
    private double holdTime;
    private long hitFrame;
    private double hitTime;
    private boolean rewardDone;
    private int hits;
    private boolean paused;
    private int manualPending;

    public TrialStateMachine(DecoderConfig.TaskTiming timing, StimulusConfig stimulus, RewardGate gate,
                             double volumeUl, boolean floorFailure, Calibrator calibrator, Runnable onTrialStart) {
        this.timing = timing;
        this.stimulus = stimulus;
        this.gate = gate;
        this.volumeUl = volumeUl;
        this.floorFailure = floorFailure;
        this.calibrator = calibrator;
        this.onTrialStart = onTrialStart;
        this.itiDisplay = display(stimulus.itiDisplay());
        this.timeoutDisplay = display(stimulus.timeoutDisplay());
    }

    /** Advances by one frame: reads the decoder's outputs, writes state, display, angle, events, reward flag. */
    public void onFrame(Frame f) {
        f.rewardRequested = false;
        if (state == null) {
            f.addEvent(new TaskEvent.SessionStarted(f.sequence, f.timestamp));
            enter(TaskState.BASELINE, f);
            if (timing.baseline().value() == 0) endBaseline(f);
        } else {
            step(f);
        }
        if (manualPending > 0) {
            manualPending--;
            reward(f, true);
        }
        f.state = state;
        f.trial = trial;
        if (f.display == null) f.display = displayFor(state);
        if (Double.isNaN(f.angle)) f.angle = angleFor(state, f);
    }

    private void step(Frame f) {
        switch (state) {
            case BASELINE -> {
                if (elapsedInState(timing.baseline(), f)) endBaseline(f);
            }
            case LEAD -> {
                if (f.stale) endStale(f);
                else if (paused) abort(f);
                else if (elapsedInState(timing.lead(), f)) {
                    enter(TaskState.TRIAL, f);
                    f.addEvent(new TaskEvent.FeedbackStarted(f.sequence, f.timestamp, trial));
                    checkTrial(f);
                }
            }
            case TRIAL -> {
                if (f.stale) endStale(f);
                else if (paused) abort(f);
                else checkTrial(f);
            }
            case HIT -> {
                if (!rewardDone && timing.rewardDelay().elapsed(f.sequence - hitFrame, f.timestamp - hitTime)) {
                    rewardDone = true;
                    hitReward(f);
                }
                if (elapsedInState(timing.postHit(), f)) {
                    if (!rewardDone) {
                        rewardDone = true;
                        hitReward(f);
                    }
                    enter(TaskState.ITI, f);
                }
            }
            case TIMEOUT -> {
                if (!f.stale && elapsedInState(timing.timeoutIti(), f)) startTrial(f);
            }
            case FLOOR_FAIL -> {
                if (elapsedInState(timing.floorDisplay(), f)) enter(TaskState.ITI, f);
            }
            case ITI -> {
                if (!paused && !f.stale && elapsedInState(timing.iti(), f)) startTrial(f);
            }
            case DONE -> { }
        }
    }

    private void checkTrial(Frame f) {
        if (timing.trialLength().elapsed(f.sequence - trialFrame, f.timestamp - trialTime)) {
            f.addEvent(new TaskEvent.TimedOut(f.sequence, f.timestamp, trial));
            enter(TaskState.TIMEOUT, f);
            return;
        }
        if (state != TaskState.TRIAL) return;
        f.angle = f.decodedAngle;
        if (floorFailure && f.cursor < 0) {
            f.addEvent(new TaskEvent.FloorFailed(f.sequence, f.timestamp, trial));
            enter(TaskState.FLOOR_FAIL, f);
            f.angle = Double.NaN;
            return;
        }
        boolean inBand = Math.abs(f.decodedAngle - stimulus.targetAngle()) <= stimulus.tolerance() + 1e-9;
        if (!inBand) {
            holdFrame = -1;
            return;
        }
        if (holdFrame < 0) {
            holdFrame = f.sequence;
            holdTime = f.timestamp;
        }
        if (timing.hold().elapsed(f.sequence - holdFrame, f.timestamp - holdTime)) {
            hits++;
            hitFrame = f.sequence;
            hitTime = f.timestamp;
            rewardDone = false;
            f.addEvent(new TaskEvent.Hit(f.sequence, f.timestamp, trial, f.timestamp - trialTime));
            enter(TaskState.HIT, f);
            if (timing.rewardDelay().value() == 0) {
                rewardDone = true;
                reward(f, false);
            }
        }
    }

    private void endBaseline(Frame f) {
        if (calibrator != null) {
            TaskEvent e = calibrator.calibrate(f, f.sequence - stateFrame);
            if (e != null) f.addEvent(e);
        }
        startTrial(f);
    }

    private void startTrial(Frame f) {
        if (timing.maxTrials() > 0 && trial >= timing.maxTrials()) {
            f.addEvent(new TaskEvent.SessionEnded(f.sequence, f.timestamp, trial, hits));
            enter(TaskState.DONE, f);
            return;
        }
        if (paused || f.stale) {
            enter(TaskState.ITI, f);
            return;
        }
        trial++;
        trialFrame = f.sequence;
        trialTime = f.timestamp;
        holdFrame = -1;
        if (onTrialStart != null) onTrialStart.run();
        f.addEvent(new TaskEvent.TrialStarted(f.sequence, f.timestamp, trial));
        if (timing.lead().value() > 0) {
            enter(TaskState.LEAD, f);
        } else {
            enter(TaskState.TRIAL, f);
            f.addEvent(new TaskEvent.FeedbackStarted(f.sequence, f.timestamp, trial));
            checkTrial(f);
        }
    }

    private void endStale(Frame f) {
        f.addEvent(new TaskEvent.StaleInput(f.sequence, f.timestamp, trial, f.age));
        enter(TaskState.ITI, f);
    }

    /** The hit's own reward, unless the frame it falls due on is stale. */
    private void hitReward(Frame f) {
        if (f.stale) {
            f.addEvent(new TaskEvent.RewardRefused(f.sequence, f.timestamp, trial, "STALE_INPUT"));
            return;
        }
        reward(f, false);
    }

    private void abort(Frame f) {
        f.addEvent(new TaskEvent.TrialAborted(f.sequence, f.timestamp, trial, "paused"));
        enter(TaskState.ITI, f);
    }

    private boolean reward(Frame f, boolean manual) {
        // A manual reward during a trial is that trial's one reward; between trials it is bound to no trial.
        int forTrial = manual && !inTrial() ? 0 : trial;
        f.addEvent(new TaskEvent.RewardRequested(f.sequence, f.timestamp, trial, manual));
        if (state == TaskState.BASELINE && !manual) {
            f.addEvent(new TaskEvent.RewardRefused(f.sequence, f.timestamp, trial, "baseline period"));
            return false;
        }
        if (!gate.approve(forTrial, manual, f.sequence, f.timestamp)) {
            f.addEvent(new TaskEvent.RewardRefused(f.sequence, f.timestamp, trial, gate.lastRefusal().name()));
            return false;
        }
        f.rewardRequested = true;
        f.addEvent(new TaskEvent.RewardGiven(f.sequence, f.timestamp, trial, volumeUl, manual));
        return true;
    }

    /** From trial start until post-hit ends; a time-out, a floor failure or the ITI is between trials. */
    private boolean inTrial() { return state == TaskState.LEAD || state == TaskState.TRIAL || state == TaskState.HIT; }

    private void enter(TaskState s, Frame f) {
        state = s;
        stateFrame = f.sequence;
        stateTime = f.timestamp;
        f.display = null;
        f.angle = Double.NaN;
    }

    private boolean elapsedInState(Duration d, Frame f) {
        return d.elapsed(f.sequence - stateFrame, f.timestamp - stateTime);
    }

    private Display displayFor(TaskState s) {
        return switch (s) {
            case TRIAL, HIT, FLOOR_FAIL -> Display.GRATING;
            case TIMEOUT -> timeoutDisplay;
            case LEAD, ITI, BASELINE, DONE -> itiDisplay;
        };
    }

    private static Display display(String what) {
        return switch (what) {
            case "black" -> Display.BLACK;
            case "static" -> Display.GRATING;
            default -> Display.GREY;
        };
    }

    private double angleFor(TaskState s, Frame f) {
        return switch (s) {
            case HIT -> stimulus.targetAngle();
            case FLOOR_FAIL -> 0.0;
            case TRIAL -> f.decodedAngle;
            default -> stimulus.startAngle();
        };
    }

    /** Operator's manual reward: handled on the next frame, through the same gate. */
    public void requestManualReward() { manualPending++; }

    public void setPaused(boolean p) { paused = p; }
    public boolean paused() { return paused; }

    public TaskState state() { return state; }
    public int trial() { return trial; }
    public int hits() { return hits; }

    /** Seconds since the current state began, on the frames' clock. */
    public double secondsInState(Frame f) { return f.timestamp - stateTime; }

    /** Seconds left in the current trial (NaN outside feedback). Frame-counted limits use the nominal rate. */
    public double secondsLeft(Frame f, double nominalRate) {
        if (state != TaskState.TRIAL && state != TaskState.LEAD) return Double.NaN;
        Duration l = timing.trialLength();
        double total = l.inFrames() ? l.value() / nominalRate : l.value();
        return total - (f.timestamp - trialTime);
    }
}
