package org.apical.residual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TaskEncodingTest {
    @Test
    void roleSignedEffectsHaveTheRightSignAndTheFlipIsDetected() {
        ResidualData d = Synthetic.session(new Synthetic.Spec("task", 20, 30, new double[20], 1, 1, 0.25, 21));
        TaskResult r = TaskEncoding.run(d, TaskOptions.defaults());
        int hit = r.regressor("after_hit"), rate = r.regressor("error_rate");
        for (NeuronTaskFit f : r.neurons()) {
            if (f.role() == Roles.NONE) continue;
            assertTrue(Math.signum(f.coefficients()[hit]) == f.role(), f.neuron() + " after_hit " + f.coefficients()[hit]);
            assertTrue(Math.signum(f.coefficients()[rate]) == -f.role(), f.neuron() + " error_rate " + f.coefficients()[rate]);
            assertTrue(f.p()[rate] < 0.05, f.neuron() + " error_rate p " + f.p()[rate]);
        }
        for (String name : new String[] {"after_hit", "before_hit", "error_rate"}) {
            SignFlip flip = r.flip(name);
            assertEquals(5, flip.plusNeurons());
            assertTrue(flip.flipped(), "flip of " + name + ": " + flip);
            assertTrue(flip.pShift() < 0.05, name + " shift p " + flip.pShift());
        }
        assertTrue(r.flip("error_rate").meanPlus() < 0, "P+ residuals amplified as the error decreases");
        GroupTaskEffect plusHit = r.groups().stream()
                .filter(g -> g.role() == Roles.PLUS && g.regressor().equals("after_hit")).findFirst().orElseThrow();
        assertTrue(plusHit.mean() > 0.3 && plusHit.p() < 0.05, plusHit.toString());
        GroupTaskEffect otherHit = r.groups().stream()
                .filter(g -> g.role() == Roles.NONE && g.regressor().equals("after_hit")).findFirst().orElseThrow();
        assertTrue(Math.abs(otherHit.mean()) < 0.25, "neurons outside the decoder carry no task effect: " + otherHit);
    }

    @Test
    void withoutEffectsFalsePositivesStayNearTheNominalRate() {
        int tests = 0, positives = 0, flips = 0;
        for (long seed = 31; seed < 33; seed++) {
            ResidualData d = Synthetic.session(new Synthetic.Spec("null", 30, 30, new double[30], 0, 1, 0.25, seed));
            TaskResult r = TaskEncoding.run(d, TaskOptions.defaults().withSeed(seed));
            for (NeuronTaskFit f : r.neurons()) {
                for (double p : f.p()) {
                    if (Double.isNaN(p)) continue;
                    tests++;
                    if (p < 0.05) positives++;
                }
            }
            for (SignFlip f : r.flips()) if (f.flipped()) flips++;
        }
        double rate = (double) positives / tests;
        assertTrue(tests > 300, "tests " + tests);
        assertTrue(rate > 0.01 && rate < 0.10, "false-positive rate " + rate + " of " + tests);
        assertTrue(flips <= 2, "sign flips without any effect: " + flips);
    }

    @Test
    void timelineRegressorsFollowTheirDefinitions() {
        double[] times = new double[100];
        for (int f = 0; f < 100; f++) times[f] = f / 10.0;
        double[] error = new double[100];
        java.util.Arrays.fill(error, Double.NaN);
        for (int f = 10; f < 50; f++) error[f] = 90 - (f - 10) * 1.5; // 15°/s decrease
        ResidualData d = new ResidualData("t", 10, times, new double[100][2], new int[] {0}, new int[] {1},
                new String[] {"a"}, new int[] {1}, java.util.List.of(), error,
                java.util.List.of(new Outcome(5.0, true), new Outcome(8.0, false)));
        TaskTimeline t = new TaskTimeline(d, TaskOptions.defaults());
        assertEquals(1, t.at(50, 0, TaskTimeline.AFTER_HIT));  // at the hit
        assertEquals(1, t.at(69, 0, TaskTimeline.AFTER_HIT));  // 1.9 s after
        assertEquals(0, t.at(70, 0, TaskTimeline.AFTER_HIT));  // 2 s after: out
        assertEquals(1, t.at(30, 0, TaskTimeline.BEFORE_HIT)); // 2 s before
        assertEquals(0, t.at(50, 0, TaskTimeline.BEFORE_HIT));
        assertEquals(1, t.at(85, 0, TaskTimeline.AFTER_MISS));
        assertEquals(0, t.at(85, 0, TaskTimeline.IN_TRIAL));
        assertEquals(1, t.at(30, 0, TaskTimeline.IN_TRIAL));
        assertEquals(60 / 90.0, t.at(30, 0, TaskTimeline.ERROR), 1e-12);
        assertEquals(-15 / 90.0, t.at(30, 0, TaskTimeline.ERROR_RATE), 1e-9);
        assertEquals(t.at(30, 0, TaskTimeline.ERROR), t.at(40, 10, TaskTimeline.ERROR), 0.0);
        assertFalse(TaskTimeline.anyIn(new double[] {1, 2}, 2, 3));
    }
}
