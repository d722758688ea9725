package org.apical.residual;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.apical.config.ResidualSection;
import org.apical.config.SimSection;
import org.apical.sim.SimulatedPopulation;
import org.junit.jupiter.api.Test;

/** The residual tracker allocates nothing per frame: only an event is an object. */
class ResidualTrackerAllocationTest {
    @Test
    void aFrameAllocatesNothingButItsEvents() {
        int pairs = 200, frames = 3000;
        SimulatedPopulation pop = new SimulatedPopulation(new SimSection(pairs, 30, 2, new int[] {0, 1},
                new int[] {2, 3}, 0, 0.05, 0.5, false));
        double[][] raw = new double[frames][2 * pairs];
        for (double[] row : raw) pop.step(row, false);
        int[] somas = new int[pairs], dendrites = new int[pairs];
        for (int i = 0; i < pairs; i++) {
            somas[i] = i;
            dendrites[i] = pairs + i;
        }
        ResidualTracker tracker = new ResidualTracker(ResidualSection.defaults(), 30, somas, dendrites);
        long[] events = new long[1];
        ResidualTracker.Listener count = e -> events[0]++;
        for (int f = 0; f < frames; f++) tracker.step(f / 30.0, raw[f], f < 900, count); // warm up, fit
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        long before = mx.getThreadAllocatedBytes(id);
        long eventsBefore = events[0];
        for (int f = 0; f < frames; f++) tracker.step((frames + f) / 30.0, raw[f], false, count);
        long bytes = mx.getThreadAllocatedBytes(id) - before;
        long n = events[0] - eventsBefore;
        assertTrue(n > 1000, n + " events");
        // an event record with its boxed-free fields is well under 100 bytes
        System.out.println("ALLOC " + bytes + " " + n);
        assertTrue(bytes < 100 * n + 10_000, bytes + " bytes for " + frames + " frames and " + n + " events");
    }
}
