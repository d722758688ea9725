package org.apical.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apical.config.SimSection;
import org.junit.jupiter.api.Test;

/** The simulated animal's licking: anticipatory licking grows with learning, and licking leaves the neurons alone. */
class SimulatedLicksTest {
    static final SimSection SPEC = new SimSection(20, 30, 7, new int[] {0, 1, 2}, new int[] {3, 4, 5}, 0.08, 0.05, 0.5,
            false, SimSection.COUNTS, 0.3);

    /** Mean lick rate over {@code frames} frames without reward. */
    static double meanRate(SimulatedPopulation p, int frames) {
        double[] out = new double[p.channels(false)];
        double sum = 0;
        for (int i = 0; i < frames; i++) {
            p.step(out, false);
            sum += p.lickRateHz();
        }
        return sum / frames;
    }

    @Test void anticipatoryLickingGrowsWithLearning() {
        SimulatedPopulation naive = new SimulatedPopulation(SPEC);
        double before = meanRate(naive, 6_000);
        assertEquals(SimulatedPopulation.LICK_BASE_HZ, before, 1e-9, "a naive animal licks at its base rate");
        SimulatedPopulation trained = new SimulatedPopulation(SPEC);
        for (int i = 0; i < 40; i++) trained.reward();
        meanRate(trained, 300); // the consummatory licking of the last reward dies away
        double after = meanRate(trained, 6_000);
        assertTrue(after > before + 0.5, "licks/s naive " + before + ", trained " + after);
    }

    @Test void theLightScalesTheResidualsAndNothingElse() {
        SimulatedPopulation dark = new SimulatedPopulation(SPEC), lit = new SimulatedPopulation(SPEC);
        lit.light(true);
        double[] a = new double[dark.channels(false)], b = new double[lit.channels(false)];
        double rhoDark = 0, rhoLit = 0;
        for (int i = 0; i < 3_000; i++) {
            dark.step(a, false);
            lit.step(b, false);
            for (int n = 0; n < dark.neurons(); n++) {
                assertEquals(a[n], b[n], 1e-9, "the soma is untouched by the light");
                rhoDark += Math.abs(dark.rho(n));
                rhoLit += Math.abs(lit.rho(n));
            }
        }
        assertTrue(rhoLit < 0.6 * rhoDark, "mean |rho| lit " + rhoLit + " vs dark " + rhoDark);
    }
}
