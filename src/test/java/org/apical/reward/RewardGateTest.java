package org.apical.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apical.config.Duration;
import org.apical.reward.RewardGate.Refusal;
import org.junit.jupiter.api.Test;

/** The safety limits as a table of small stories: each limit refuses, and lets go again when it should. */
class RewardGateTest {

    @Test void oneRewardPerTrial() {
        RewardGate g = new RewardGate(Duration.ZERO, 100);
        assertTrue(g.approve(1, false, 10, 1.0));
        assertFalse(g.approve(1, false, 500, 50.0));
        assertEquals(Refusal.ALREADY_REWARDED_THIS_TRIAL, g.lastRefusal());
        assertTrue(g.approve(2, false, 600, 60.0));
        assertNull(g.lastRefusal());
        assertEquals(2, g.given());
    }

    @Test void minimumIntervalInSeconds() {
        RewardGate g = new RewardGate(Duration.seconds(2), 100);
        assertTrue(g.approve(1, false, 0, 10.0));
        assertFalse(g.approve(2, false, 1, 11.99));
        assertEquals(Refusal.TOO_SOON, g.lastRefusal());
        assertTrue(g.approve(2, false, 2, 12.0));
    }

    @Test void minimumIntervalInFramesIgnoresTheClock() {
        RewardGate g = new RewardGate(Duration.frames(30), 100);
        assertTrue(g.approve(1, false, 100, 0.0));
        assertFalse(g.approve(2, false, 129, 999.0));
        assertEquals(Refusal.TOO_SOON, g.lastRefusal());
        assertTrue(g.approve(2, false, 130, 0.0));
    }

    @Test void sessionMaximum() {
        RewardGate g = new RewardGate(Duration.ZERO, 3);
        for (int t = 1; t <= 3; t++) assertTrue(g.approve(t, false, t * 100L, t * 10.0));
        assertFalse(g.approve(4, false, 400, 40.0));
        assertEquals(Refusal.SESSION_MAXIMUM, g.lastRefusal());
        assertFalse(g.approve(0, true, 500, 50.0), "a manual reward passes the same session maximum");
        assertEquals(Refusal.SESSION_MAXIMUM, g.lastRefusal());
        assertEquals(3, g.given());
    }

    @Test void manualRewardsPassTheSameIntervalAndCount() {
        RewardGate g = new RewardGate(Duration.seconds(1), 2);
        assertTrue(g.approve(0, true, 0, 5.0));
        assertFalse(g.approve(0, true, 10, 5.5), "a second manual reward half a second later is too soon");
        assertEquals(Refusal.TOO_SOON, g.lastRefusal());
        assertFalse(g.approve(3, false, 10, 5.5), "a trial reward right after a manual one is too soon");
        assertTrue(g.approve(3, false, 40, 6.0));
        assertFalse(g.approve(0, true, 100, 9.0));
        assertEquals(Refusal.SESSION_MAXIMUM, g.lastRefusal());
    }

    @Test void aManualRewardDuringATrialIsThatTrialsOneReward() {
        RewardGate g = new RewardGate(Duration.ZERO, 10);
        assertTrue(g.approve(5, false, 0, 0.0));
        assertFalse(g.approve(5, true, 1, 1.0), "trial 5 had its reward: a manual one on top is refused");
        assertEquals(Refusal.ALREADY_REWARDED_THIS_TRIAL, g.lastRefusal());
        assertTrue(g.approve(6, true, 2, 2.0), "trial 6 not yet rewarded: the operator's reward is its reward");
        assertFalse(g.approve(6, false, 3, 3.0), "so the hit that follows in trial 6 gets none");
        assertEquals(Refusal.ALREADY_REWARDED_THIS_TRIAL, g.lastRefusal());
        assertEquals(2, g.given());
    }

    @Test void betweenTrialsManualRewardsAreHeldToTheIntervalAndTheMaximumOnly() {
        RewardGate g = new RewardGate(Duration.ZERO, 3);
        assertTrue(g.approve(5, false, 0, 0.0));
        assertTrue(g.approve(0, true, 1, 1.0), "in the ITI after trial 5: not bound to trial 5");
        assertTrue(g.approve(0, true, 2, 2.0));
        assertFalse(g.approve(0, true, 3, 3.0));
        assertEquals(Refusal.SESSION_MAXIMUM, g.lastRefusal());
    }

    @Test void theLatestManualDecisionIsKeptForTheConsole() {
        RewardGate g = new RewardGate(Duration.seconds(1), 10);
        assertNull(g.lastManual());
        assertTrue(g.approve(2, false, 0, 0.0));
        assertNull(g.lastManual(), "a trial's own reward is not a manual decision");
        assertFalse(g.approve(2, true, 1, 0.5));
        assertEquals(new RewardGate.ManualDecision(1, 2, Refusal.ALREADY_REWARDED_THIS_TRIAL, 1), g.lastManual());
        assertFalse(g.approve(0, true, 2, 0.6));
        assertEquals(new RewardGate.ManualDecision(2, 0, Refusal.TOO_SOON, 1), g.lastManual());
        assertTrue(g.approve(0, true, 3, 1.0));
        assertEquals(new RewardGate.ManualDecision(3, 0, null, 2), g.lastManual());
        assertEquals("one reward per trial (a manual one counts as the trial's), at least 1 s apart, at most 10 "
                + "per session", g.manualLimits());
    }

    @Test void aSuspendedGateRefusesEverythingUntilResumed() {
        RewardGate g = new RewardGate(Duration.ZERO, 10);
        g.suspend();
        assertFalse(g.approve(1, false, 0, 0.0));
        assertEquals(Refusal.DISABLED, g.lastRefusal());
        assertFalse(g.approve(0, true, 0, 0.0));
        g.resume();
        assertTrue(g.approve(1, false, 1, 1.0));
    }

    @Test void aDisabledGateStaysShutWhateverResumes() {
        RewardGate g = new RewardGate(Duration.ZERO, 10);
        g.suspend();
        g.disable();
        g.resume();
        assertFalse(g.approve(1, false, 0, 0.0));
        assertEquals(Refusal.DISABLED, g.lastRefusal());
    }

    @Test void refusalsDoNotCountOrMoveTheInterval() {
        RewardGate g = new RewardGate(Duration.seconds(1), 10);
        assertTrue(g.approve(1, false, 0, 0.0));
        assertFalse(g.approve(2, false, 1, 0.9));
        assertTrue(g.approve(2, false, 2, 1.0), "the refused request at 0.9 s did not restart the interval");
        assertEquals(2, g.given());
    }
}
