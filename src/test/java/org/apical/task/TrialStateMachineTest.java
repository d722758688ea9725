package org.apical.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apical.TestDefinitions;
import org.apical.config.DecoderConfig;
import org.apical.config.Duration;
import org.apical.config.StimulusConfig;
import org.apical.core.Frame;
import org.apical.reward.RewardGate;
import org.junit.jupiter.api.Test;
import org.apical.core.TaskEvent;
import org.apical.core.TaskState;
import org.apical.core.Display;

/** The state machine as a table of cases: each feeds a script of decoded angles, frame by frame (30 Hz). */
class TrialStateMachineTest {
    static final StimulusConfig STIM = TestDefinitions.stimulus("angles: {start: 0, target: 90, tolerance: 5}");
    static final double ON = 90, OFF = 0;

    static DecoderConfig.TaskTiming timing(String task) {
        return TestDefinitions.decoder("ensembles: {plus: [0], minus: [1]}\ntask: " + task).task();
    }

    /** Runs the script; returns every frame's state, angle and events. */
    static final class Run {
        final TrialStateMachine machine;
        final RewardGate gate;
        final List<Frame> frames = new ArrayList<>();
        long seq;

        Run(String task, Duration minInterval) {
            gate = new RewardGate(minInterval, 100);
            machine = new TrialStateMachine(timing(task), STIM, gate, 4, true, null, null);
        }

        Run(String task) { this(task, Duration.ZERO); }

        Frame step(double decodedAngle) { return step(decodedAngle, 0.5); }

        Frame step(double decodedAngle, double cursor) {
            Frame f = new Frame(1);
            f.clear();
            f.sequence = seq;
            f.timestamp = 1000 + seq / 30.0;
            seq++;
            f.decodedAngle = decodedAngle;
            f.cursor = cursor;
            machine.onFrame(f);
            frames.add(f);
            return f;
        }

        void steps(int n, double angle) { for (int i = 0; i < n; i++) step(angle); }

        <T extends TaskEvent> List<T> events(Class<T> kind) {
            List<T> out = new ArrayList<>();
            for (Frame f : frames) for (int i = 0; i < f.eventCount; i++) if (kind.isInstance(f.events[i])) out.add(kind.cast(f.events[i]));
            return out;
        }

        long rewards() { return frames.stream().filter(f -> f.rewardRequested).count(); }
    }

    static final String BASIC = "{baseline: 0 frames, lead: 0 frames, trial_length: 10 frames, hold: 0 frames,"
            + " reward_delay: 0 frames, post_hit: 3 frames, iti: 2 frames, timeout_iti: 4 frames}";

    @Test
    void hitOnTheLastFrameBeforeTimeOut() {
        Run r = new Run(BASIC);
        // trial starts on frame 0 (no baseline); frames 0..9 are in the trial; the 10th frame after start times out
        r.steps(9, OFF);
        Frame last = r.step(ON);
        assertEquals(TaskState.HIT, last.state, "frame 9 is still inside the 10-frame trial");
        assertTrue(last.rewardRequested);
        assertEquals(1, r.events(TaskEvent.Hit.class).size());
        assertEquals(0, r.events(TaskEvent.TimedOut.class).size());
    }

    @Test
    void oneFrameLateIsATimeOut() {
        Run r = new Run(BASIC);
        r.steps(10, OFF);
        Frame late = r.step(ON);
        assertEquals(TaskState.TIMEOUT, late.state);
        assertEquals(Display.BLACK, late.display);
        assertFalse(late.rewardRequested);
        assertEquals(0, r.events(TaskEvent.Hit.class).size());
        r.steps(4, ON);
        assertEquals(2, r.events(TaskEvent.TrialStarted.class).size(), "the time-out ITI leads to the next trial");
    }

    @Test
    void holdBrokenAndResumedRestartsTheHoldClock() {
        Run r = new Run("{baseline: 0 frames, trial_length: 100 frames, hold: 3 frames, post_hit: 1 frames}");
        r.steps(3, ON); // in band for 3 frames (hold counts 0,1,2): not yet 3 frames elapsed
        assertEquals(TaskState.TRIAL, r.frames.getLast().state);
        r.step(OFF); // broken
        r.steps(3, ON);
        assertEquals(TaskState.TRIAL, r.frames.getLast().state, "the hold restarted at the break");
        Frame hit = r.step(ON);
        assertEquals(TaskState.HIT, hit.state, "3 frames after re-entering the band");
        assertEquals(7, hit.sequence);
    }

    @Test
    void rewardNeverTwiceForATrialEvenIfTheAngleStaysOnTarget() {
        Run r = new Run(BASIC);
        r.steps(5, ON); // hit on frame 0, post-hit 3 frames, then ITI (frames 3, 4)
        assertEquals(1, r.rewards());
        assertEquals(1, r.events(TaskEvent.Hit.class).size());
        assertEquals(TaskState.ITI, r.frames.getLast().state);
    }

    @Test
    void theGateRefusesASecondRewardForTheSameTrialWhateverAsks() {
        RewardGate gate = new RewardGate(Duration.ZERO, 10);
        assertTrue(gate.approve(1, false, 10, 1.0));
        assertFalse(gate.approve(1, false, 11, 2.0));
        assertEquals(RewardGate.Refusal.ALREADY_REWARDED_THIS_TRIAL, gate.lastRefusal());
        assertTrue(gate.approve(2, false, 12, 3.0));
    }

    @Test
    void rewardDelayedToTheThirdFrameAfterTheHit() {
        Run r = new Run("{baseline: 0 frames, trial_length: 100 frames, reward_delay: 3 frames, post_hit: 60 frames}");
        r.steps(2, OFF);
        Frame hit = r.step(ON);
        assertEquals(TaskState.HIT, hit.state);
        assertFalse(hit.rewardRequested);
        r.steps(2, OFF);
        Frame third = r.step(OFF);
        assertTrue(third.rewardRequested, "reward on hit + 3 frames");
        assertEquals(hit.sequence + 3, third.sequence);
        assertEquals(90.0, third.angle, 0.0, "the target grating stays up after the hit");
        assertEquals(1, r.rewards());
    }

    @Test
    void baselinePeriodGivesNoRewardsAndShowsNoFeedback() {
        Run r = new Run("{baseline: 30 frames, trial_length: 100 frames}");
        r.steps(30, ON);
        for (Frame f : r.frames) {
            assertEquals(TaskState.BASELINE, f.state);
            assertEquals(Display.GREY, f.display);
            assertFalse(f.rewardRequested);
        }
        Frame first = r.step(ON);
        assertEquals(1, first.trial);
        assertEquals(TaskState.HIT, first.state, "feedback starts with the first trial");
    }

    @Test
    void manualRewardDuringBaselineIsAllowedButGoesThroughTheInterval() {
        Run r = new Run("{baseline: 100 frames, trial_length: 100 frames}", Duration.seconds(1));
        r.machine.requestManualReward();
        Frame f = r.step(OFF);
        assertTrue(f.rewardRequested);
        r.machine.requestManualReward();
        Frame g = r.step(OFF);
        assertFalse(g.rewardRequested, "a second manual reward 33 ms later is too soon");
        assertEquals("TOO_SOON", r.events(TaskEvent.RewardRefused.class).getFirst().reason());
    }

    @Test
    void leadFramesShowGreyWithoutFeedback() {
        Run r = new Run("{baseline: 0 frames, lead: 15 frames, trial_length: 870 frames}");
        r.steps(15, ON);
        for (Frame f : r.frames) {
            assertEquals(TaskState.LEAD, f.state);
            assertEquals(Display.GREY, f.display);
        }
        Frame fb = r.step(ON);
        assertEquals(TaskState.HIT, fb.state, "feedback begins on frame 16");
        assertEquals(1, r.events(TaskEvent.FeedbackStarted.class).size());
    }

    @Test
    void floorFailureAbortsTheTrial() {
        Run r = new Run("{baseline: 0 frames, trial_length: 100 frames, floor_display: 60 frames, iti: 15 frames}");
        Frame f = r.step(OFF, -0.01);
        assertEquals(TaskState.FLOOR_FAIL, f.state);
        assertEquals(0.0, f.angle, 0.0, "a 0° grating");
        r.steps(60, OFF);
        assertEquals(TaskState.ITI, r.frames.getLast().state);
    }

    @Test
    void maxTrialsEndsTheSession() {
        Run r = new Run("{baseline: 0 frames, trial_length: 2 frames, timeout_iti: 1 frames, max_trials: 2}");
        r.steps(10, OFF);
        assertEquals(TaskState.DONE, r.frames.getLast().state);
        assertEquals(2, r.events(TaskEvent.TimedOut.class).size());
        assertEquals(1, r.events(TaskEvent.SessionEnded.class).size());
    }

    @Test
    void pauseAbortsTheTrialAndHoldsTheNextUntilResumed() {
        Run r = new Run(BASIC);
        r.steps(2, OFF);
        r.machine.setPaused(true);
        Frame f = r.step(ON);
        assertEquals(TaskState.ITI, f.state);
        assertFalse(f.rewardRequested);
        r.steps(20, ON);
        assertEquals(1, r.events(TaskEvent.TrialStarted.class).size());
        r.machine.setPaused(false);
        r.steps(3, ON);
        assertEquals(2, r.events(TaskEvent.TrialStarted.class).size());
    }

    @Test
    void secondsDurationsUseTheFramesTimestampsNotTheWallClock() {
        Run r = new Run("{baseline: 1 s, trial_length: 100 frames}");
        r.steps(30, OFF); // frames at 0 .. 29/30 s
        assertEquals(TaskState.BASELINE, r.frames.getLast().state);
        Frame f = r.step(OFF); // t = 1.0 s
        assertEquals(TaskState.TRIAL, f.state);
    }
}
