package org.apical.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apical.TestDefinitions;
import org.apical.config.DecoderConfig;
import org.apical.config.StimulusConfig;
import org.apical.core.Frame;
import org.junit.jupiter.api.Test;

class EnsembleDecoderTest {
    static final StimulusConfig STIM = TestDefinitions.stimulus("angles: {start: 0, target: 90, tolerance: 7.5}");

    static DecoderConfig decoder(String mapping) {
        return TestDefinitions.decoder("""
                ensembles: {plus: [0, 1], minus: [2, 3]}
                smoothing_frames: 3
                calibration: {auto: false, floor: -1, threshold: 1}
                mapping: %s
                """.formatted(mapping));
    }

    static Frame frame(double... norm) {
        Frame f = new Frame(norm.length);
        f.clear();
        System.arraycopy(norm, 0, f.norm, 0, norm.length);
        return f;
    }

    @Test
    void ensembleDifferenceSmoothedAndMappedToPosition() {
        EnsembleDecoder d = new EnsembleDecoder(decoder("{mode: position, gain: 1, min_angle: -90, max_angle: 180}"),
                STIM, 10);
        Frame f = frame(1.0, 0.5, 0.2, 0.0);
        d.decode(f);
        assertEquals(0.75, f.plus, 1e-12);
        assertEquals(0.1, f.minus, 1e-12);
        assertEquals(0.65, f.signal, 1e-12);
        assertEquals(0.65, f.smoothed, 1e-12, "one frame so far: the mean of one value");
        // cursor = (0.65 − (−1)) / (1 − (−1)) = 0.825; angle = 0 + 90 · 0.825
        assertEquals(0.825, f.cursor, 1e-12);
        assertEquals(74.25, f.decodedAngle, 1e-9);

        double[] xs = {0.65, -0.35, 1.65, 0.15};
        Frame g = frame(0, 0, 0.35, 0.35); // x = −0.35
        d.decode(g);
        Frame h = frame(1.65, 1.65, 0, 0);
        d.decode(h);
        assertEquals((xs[0] + xs[1] + xs[2]) / 3, h.smoothed, 1e-12);
        Frame i = frame(0.15, 0.15, 0, 0);
        d.decode(i);
        assertEquals((xs[1] + xs[2] + xs[3]) / 3, i.smoothed, 1e-12, "causal 3-frame window slides");
    }

    @Test
    void positionModeClampsToTheAngleLimits() {
        EnsembleDecoder d = new EnsembleDecoder(decoder("{mode: position, min_angle: -10, max_angle: 100}"), STIM, 10);
        Frame f = frame(5, 5, 0, 0);
        d.decode(f);
        assertEquals(100, f.decodedAngle, 1e-12);
        EnsembleDecoder e = new EnsembleDecoder(decoder("{mode: position, min_angle: -10, max_angle: 100}"), STIM, 10);
        Frame g = frame(0, 0, 5, 5);
        e.decode(g);
        assertEquals(-10, g.decodedAngle, 1e-12);
    }

    @Test
    void discreteModeShowsTheSourceLabsSevenLevelsFifteenDegreesApart() {
        // floor −1, threshold 1: z = smoothed + 1, s = 2; edges −0.4, 0, 0.4, 0.8, 1.2, 1.6, 2 (−0.2s, 0, ..., s)
        double[][] cases = {{-3.0, 1, 0}, {-1.5, 1, 0}, {-1.0 - 1e-9, 1, 0}, {-1.0, 2, 15}, {-0.6 - 1e-9, 2, 15},
                {-0.6 + 1e-9, 3, 30}, {0.0, 4, 45}, {0.5, 5, 60}, {0.99, 6, 75}, {1.0, 7, 90}, {3.0, 7, 90}};
        assertLevels("{mode: discrete, levels: 7, min_angle: -180, max_angle: 180}", cases);
        assertLevels("{mode: discrete, levels: 7, levels_from: below_floor, min_angle: -180, max_angle: 180}", cases);
    }

    @Test
    void discreteModeGeneralisesTheSourceLabsEdgesToOtherLevelCounts() {
        // 5 levels: edges linspace(R, T, 4) − R = 0, s/3, 2s/3, s, and one s/3 below; angles 90° · (k − 1)/4
        double[][] cases = {{-1.7, 1, 0}, {-1.0 - 1e-9, 1, 0}, {-1.0, 2, 22.5}, {-1 / 3.0 + 1e-9, 3, 45},
                {1 / 3.0 + 1e-9, 4, 67.5}, {0.99, 4, 67.5}, {1.0, 5, 90}};
        assertLevels("{mode: discrete, levels: 5, min_angle: -180, max_angle: 180}", cases);
    }

    @Test
    void discreteModeKeepsEqualBinsFromTheFloorByName() {
        // levels_from: floor: level k while the cursor is in [(k−1)/6, k/6); level 7 from the threshold up
        double[][] cases = {{-1.0, 1, 0}, {-0.7, 1, 0}, {-2 / 3.0 + 1e-9, 2, 15}, {0.0, 4, 45}, {0.99, 6, 75},
                {1.0, 7, 90}, {3.0, 7, 90}};
        assertLevels("{mode: discrete, levels: 7, levels_from: floor, min_angle: -180, max_angle: 180}", cases);
    }

    private static void assertLevels(String mapping, double[][] cases) {
        for (double[] c : cases) {
            EnsembleDecoder d = new EnsembleDecoder(decoder(mapping), STIM, 10);
            Frame f = frame(c[0], c[0], 0, 0);
            d.decode(f);
            assertEquals((int) c[1], f.level, mapping + ", x = " + c[0]);
            assertEquals(c[2], f.decodedAngle, 1e-9, mapping + ", x = " + c[0]);
        }
    }

    @Test
    void velocityModeIntegratesOnTheFrameClockAndResetsAtTrialStart() {
        EnsembleDecoder d = new EnsembleDecoder(
                decoder("{mode: velocity, gain: 30, center: 0.5, min_angle: -90, max_angle: 180}"), STIM, 10);
        // x = 1 → cursor 1 → 30 · (1 − 0.5) = 15 °/s toward the target
        for (int k = 0; k <= 10; k++) {
            Frame f = frame(1, 1, 0, 0);
            f.timestamp = 100 + k * 0.1;
            d.decode(f);
            if (k == 10) assertEquals(15.0, f.decodedAngle, 1e-9, "1 s at 15 °/s");
        }
        d.startTrial();
        Frame f = frame(1, 1, 0, 0);
        f.timestamp = 101.1;
        d.decode(f);
        assertEquals(1.5, f.decodedAngle, 1e-9, "from the start angle again, one 0.1 s step");
    }

    @Test
    void nanRoisAreSkippedAndAnAllNanEnsembleHoldsTheStartAngle() {
        EnsembleDecoder d = new EnsembleDecoder(decoder("{mode: position, min_angle: -90, max_angle: 180}"), STIM, 10);
        Frame f = frame(Double.NaN, 0.5, 0, 0);
        d.decode(f);
        assertEquals(0.5, f.plus, 1e-12);
        EnsembleDecoder e = new EnsembleDecoder(decoder("{mode: position, min_angle: -90, max_angle: 180}"), STIM, 10);
        Frame g = frame(Double.NaN, Double.NaN, 0, 0);
        e.decode(g);
        assertTrue(Double.isNaN(g.cursor));
        assertEquals(0.0, g.decodedAngle, 0.0);
    }
}
