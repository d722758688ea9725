package org.apical.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RewardDispatcherTest {

    /** An output with a bug: its deliver() throws. */
    private static final class Broken implements RewardOutput {
        @Override public String name() { return "broken"; }
        @Override public void deliver(RewardRequest request) { throw new IllegalStateException("bug"); }
        @Override public void closeValve() {}
        @Override public long delivered() { return 0; }
        @Override public boolean healthy() { return false; }
    }

    @Test void everyOutputGetsTheRewardEvenIfOneThrows() {
        SimulatedRewardOutput a = new SimulatedRewardOutput();
        SimulatedRewardOutput b = new SimulatedRewardOutput();
        RewardDispatcher d = new RewardDispatcher(List.of(a, new Broken(), b));
        d.dispatch(new RewardRequest(1, 10, 0.3, 4.0, false, System.nanoTime()));
        d.dispatch(new RewardRequest(2, 20, 0.6, 2.0, false, System.nanoTime()));
        assertEquals(2, a.delivered());
        assertEquals(2, b.delivered());
        assertEquals(6.0, b.totalMicrolitres());
        assertTrue(d.lastFailure().startsWith("broken: java.lang.IllegalStateException"), d.lastFailure());
        assertFalse(d.healthy());
        assertTrue(new RewardDispatcher(List.of(a, b)).healthy());
        var reports = d.reports();
        assertEquals(3, reports.size());
        assertEquals("broken", reports.get(1).name());
        assertEquals(2L, reports.get(2).delivered());
        assertEquals(false, reports.get(1).healthy());
    }
}
