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

    @Test void manualRewardsAreNotBoundToOnePerTrial() {
        RewardGate g = new RewardGate(Duration.ZERO, 10);
        assertTrue(g.approve(5, false, 0, 0.0));
        assertTrue(g.approve(5, true, 1, 1.0), "an operator may reward by hand within a rewarded trial");
        assertFalse(g.approve(5, false, 2, 2.0), "but the trial still had its one automatic reward");
    }

    @Test void disabledGateRefusesEverythingUntilEnabled() {
        RewardGate g = new RewardGate(Duration.ZERO, 10);
        g.disable();
        assertFalse(g.approve(1, false, 0, 0.0));
        assertEquals(Refusal.DISABLED, g.lastRefusal());
        assertFalse(g.approve(0, true, 0, 0.0));
        g.enable();
        assertTrue(g.approve(1, false, 1, 1.0));
    }

    @Test void refusalsDoNotCountOrMoveTheInterval() {
        RewardGate g = new RewardGate(Duration.seconds(1), 10);
        assertTrue(g.approve(1, false, 0, 0.0));
        assertFalse(g.approve(2, false, 1, 0.9));
        assertTrue(g.approve(2, false, 2, 1.0), "the refused request at 0.9 s did not restart the interval");
        assertEquals(2, g.given());
    }
}
