package org.apical.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apical.config.DecoderConfig;
import org.apical.config.Duration;
import org.junit.jupiter.api.Test;

class NormaliserTest {

    @Test
    void dffUsesTheRunningPercentileOfTheWindowIncludingTheCurrentFrame() {
        var spec = new DecoderConfig.Normalise("dff", "percentile", 10, Duration.frames(4), false);
        Normaliser n = new Normaliser(spec, new int[] {1}, 4, false);
        double[] raw = new double[3];
        double[] out = new double[3];
        double[] f = {100, 110, 90, 200, 100};
        double[] expected = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            double[] w = java.util.Arrays.copyOfRange(f, Math.max(0, i - 3), i + 1);
            double f0 = Percentile.of(w, 10);
            expected[i] = (f[i] - f0) / f0;
        }
        for (int i = 0; i < f.length; i++) {
            raw[1] = f[i];
            n.apply(raw, out);
            assertEquals(expected[i], out[1], 1e-12, "frame " + i);
        }
        // (200 − 90) / 90 on frame 3: the 10th percentile of {100, 110, 90, 200} is the minimum
        assertEquals(110.0 / 90.0, expected[3], 1e-12);
        assertEquals(0.0, out[0], 0.0, "channels nobody reads are left untouched");
    }

    @Test
    void meanBaselineAndZscoreForSpikes() {
        var mean = new DecoderConfig.Normalise("dff", "mean", 10, Duration.frames(2), false);
        Normaliser n = new Normaliser(mean, new int[] {0}, 2, false);
        double[] raw = {100};
        double[] out = new double[1];
        n.apply(raw, out);
        raw[0] = 300;
        n.apply(raw, out);
        assertEquals((300 - 200) / 200.0, out[0], 1e-12);

        Normaliser z = new Normaliser(mean, new int[] {0}, 100, true);
        double[] counts = {0, 2, 4, 2, 0, 2, 4, 2};
        for (double c : counts) {
            raw[0] = c;
            z.apply(raw, out);
        }
        // window holds all 8 counts: mean 2, sd = sqrt(16/7)
        assertEquals((2 - 2) / Math.sqrt(16 / 7.0), out[0], 1e-12);
        raw[0] = 10;
        z.apply(raw, out);
        assertTrue(out[0] > 2, "a burst of spikes is a large positive z: " + out[0]);
    }

    @Test
    void nanInputGivesNanOutputAndDoesNotPoisonTheBaseline() {
        var spec = new DecoderConfig.Normalise("dff", "percentile", 50, Duration.frames(10), false);
        Normaliser n = new Normaliser(spec, new int[] {0}, 10, false);
        double[] raw = {100};
        double[] out = new double[1];
        n.apply(raw, out);
        raw[0] = Double.NaN;
        n.apply(raw, out);
        assertTrue(Double.isNaN(out[0]));
        raw[0] = 120;
        n.apply(raw, out);
        assertEquals((120 - 110) / 110.0, out[0], 1e-12);
    }
}
