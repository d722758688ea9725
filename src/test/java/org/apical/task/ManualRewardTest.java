package org.apical.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apical.core.Frame;
import org.junit.jupiter.api.Test;
import org.apical.core.TaskEvent;
import org.apical.core.TaskState;

/**
 * A manual reward through the state machine and the real gate: never a second reward for a trial, whoever asks;
 * between trials only the interval and the session maximum apply.
 */
class ManualRewardTest {
    // Trial 1 starts on frame 0; a hit 3 frames later is rewarded 2 frames after it; post-hit 10, ITI 20 frames.
    static final String TASK = "{baseline: 0 frames, lead: 0 frames, trial_length: 100 frames, hold: 0 frames,"
            + " reward_delay: 2 frames, post_hit: 10 frames, iti: 20 frames}";

    private static List<String> refusals(TrialStateMachineTest.Run r) {
        return r.events(TaskEvent.RewardRefused.class).stream().map(TaskEvent.RewardRefused::reason).toList();
    }

    @Test void aManualRewardAfterTheTrialsRewardIsRefused() {
        TrialStateMachineTest.Run r = new TrialStateMachineTest.Run(TASK);
        r.steps(3, TrialStateMachineTest.OFF);
        r.step(TrialStateMachineTest.ON); // the hit, frame 3
        r.steps(2, TrialStateMachineTest.OFF);
        assertEquals(1, r.rewards(), "the hit's reward on frame 5");
        r.machine.requestManualReward();
        Frame f = r.step(TrialStateMachineTest.OFF);
        assertEquals(TaskState.HIT, f.state, "still trial 1 (post-hit)");
        assertFalse(f.rewardRequested, "trial 1 already had its reward");
        assertEquals(List.of("ALREADY_REWARDED_THIS_TRIAL"), refusals(r));
        assertEquals(1, r.rewards());
    }

    @Test void aManualRewardBeforeTheHitIsTheTrialsRewardSoTheHitGetsNone() {
        TrialStateMachineTest.Run r = new TrialStateMachineTest.Run(TASK);
        r.step(TrialStateMachineTest.OFF);
        r.machine.requestManualReward();
        Frame manual = r.step(TrialStateMachineTest.OFF);
        assertEquals(TaskState.TRIAL, manual.state);
        assertTrue(manual.rewardRequested, "the operator's reward during trial 1");
        r.step(TrialStateMachineTest.OFF);
        r.step(TrialStateMachineTest.ON); // the hit, frame 3
        r.steps(4, TrialStateMachineTest.OFF);
        assertEquals(1, r.rewards(), "one reward for trial 1, not two");
        assertEquals(List.of("ALREADY_REWARDED_THIS_TRIAL"), refusals(r));
    }

    @Test void betweenTrialsAManualRewardIsGivenAfterARewardedTrial() {
        TrialStateMachineTest.Run r = new TrialStateMachineTest.Run(TASK);
        r.steps(3, TrialStateMachineTest.OFF);
        r.step(TrialStateMachineTest.ON);
        r.steps(12, TrialStateMachineTest.OFF); // reward on frame 5, post-hit over on frame 13: ITI
        assertEquals(TaskState.ITI, r.frames.getLast().state);
        r.machine.requestManualReward();
        Frame f = r.step(TrialStateMachineTest.OFF);
        assertEquals(TaskState.ITI, f.state);
        assertEquals(1, f.trial, "the trial counter still says 1, but trial 1 is over");
        assertTrue(f.rewardRequested, "between trials a manual reward is bound by the interval and maximum only");
        assertEquals(2, r.rewards());
    }
}
