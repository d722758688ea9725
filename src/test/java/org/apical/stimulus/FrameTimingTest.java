package org.apical.stimulus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FrameTimingTest {
    @Test
    void lateIntervalsCountTheFramesTheySkipped() {
        FrameTiming t = new FrameTiming(100); // 10 ms nominal
        long now = 0;
        long[] gaps = {10, 10, 14, 16, 20, 31, 10}; // ms: 16 → 1 missed (>15), 20 → 1, 31 → 2
        t.onFrame(now, 0, now, now + 1_000_000, 500_000);
        for (int i = 0; i < gaps.length; i++) {
            now += gaps[i] * 1_000_000;
            t.onFrame(now, i + 1, now - 2_000_000, now, 500_000);
        }
        StimulusStats s = t.stats(0);
        assertEquals(4, s.missedFrames());
        assertEquals(8, s.framesDrawn());
        assertEquals(8, s.pipelineFramesShown());
        assertEquals(2.0, s.latencyP99Ms(), 0.011);
        assertEquals(31.0, s.intervalMaxMs(), 1e-9);
        assertEquals(10.0, s.nominalIntervalMs(), 1e-9);
    }

    @Test
    void aPipelineFrameShownOnManyPulsesCountsItsLatencyOnce() {
        FrameTiming t = new FrameTiming(60);
        for (int i = 0; i < 10; i++) t.onFrame(i * 16_666_667L, 7, 0, i * 16_666_667L + 1_000_000, 100_000);
        StimulusStats s = t.stats(0);
        assertEquals(1, s.pipelineFramesShown());
        assertEquals(1.0, s.latencyMaxMs(), 1e-9);
    }
}
