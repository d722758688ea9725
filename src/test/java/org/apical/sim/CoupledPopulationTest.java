package org.apical.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.apical.information.RoiPositions;
import org.apical.information.TrialMatrix;
import org.junit.jupiter.api.Test;

class CoupledPopulationTest {
    /** Two neurons worked by hand: A = [[2, 1], [0, 1]], C_u = I, σ = 1, g = (1, 1). */
    private static CoupledPopulation handWorked() {
        return new CoupledPopulation(2, new RoiPositions(new double[] {0, 10}, new double[] {0, 0}),
                new double[] {1, 1}, new double[] {2, 1}, new double[] {0, 1, 0, 0}, new double[] {1, 0, 0, 1}, 1);
    }

    @Test
    void exactInformationMatchesTheFormulaWorkedByHand() {
        // f′ = A g = (3, 1); C = I + A Aᵀ = [[6, 1], [1, 2]]; C⁻¹ = [[2, −1], [−1, 6]] / 11
        CoupledTruth t = handWorked().exact();
        assertEquals((2 * 9 - 2 * 3 + 6) / 11.0, t.real(), 1e-12);
        assertEquals(9 / 6.0 + 1 / 2.0, t.shuffle(), 1e-12);
        assertTrue(t.real() <= handWorked().inputInformation() + 1e-12, "coupling cannot exceed the input's information");
    }

    @Test
    void sampledTrialsHaveTheModelsMeanShiftAndCovariance() {
        CoupledPopulation pop = handWorked();
        SplittableRandom rng = new SplittableRandom(3);
        CoupledSampler sampler = new CoupledSampler(pop);
        TrialMatrix a = sampler.sample("A", 0, 40000, rng), b = sampler.sample("B", 1, 40000, rng);
        double[] c = pop.covariance();
        double[] f = pop.tuningDerivative();
        for (int i = 0; i < 2; i++) {
            assertEquals(f[i], mean(b, i) - mean(a, i), 0.05);
            for (int j = 0; j < 2; j++) assertEquals(c[i * 2 + j], cov(a, i, j), 0.1 * c[0]);
        }
    }

    @Test
    void correlatedSharedInputIsSampledThroughItsCholeskyFactor() {
        CoupledPopulation pop = new CoupledPopulation(2, new RoiPositions(new double[2], new double[2]),
                new double[] {1, 0.5}, new double[] {1, 1}, new double[4], new double[] {1, 0.8, 0.8, 1}, 0.5);
        TrialMatrix a = new CoupledSampler(pop).sample("A", 0, 40000, new SplittableRandom(1));
        assertEquals(pop.covariance()[1], cov(a, 0, 1), 0.03);
        assertEquals(0.8, pop.covariance()[1], 1e-12);
    }

    @Test
    void noLateralCouplingMeansNoRedundancy() {
        CoupledTruth t = CoupledPopulation.of(CoupledSpec.defaults(40, 2).withCoupling(1.4, 0)).exact();
        assertEquals(t.real(), t.shuffle(), 1e-9 * t.real());
    }

    @Test
    void learningSweepRaisesShuffledInformationFasterThanRealAndRedundancyGrows() {
        CoupledLearning sweep = CoupledLearning.defaults(CoupledSpec.defaults(50, 9), 5);
        List<CoupledTruth> t = sweep.truths();
        for (int k = 1; k < t.size(); k++) {
            assertTrue(t.get(k).redundancy() > t.get(k - 1).redundancy(), "redundancy must grow: " + t);
            double dShuffle = t.get(k).shuffle() - t.get(k - 1).shuffle();
            double dReal = t.get(k).real() - t.get(k - 1).real();
            assertTrue(dShuffle > 2 * dReal, "session " + k + ": I_shuffle +" + dShuffle + " vs I_real +" + dReal);
        }
        assertEquals(0, t.getFirst().redundancy(), 1e-9, "no lateral coupling before learning");
        double input = sweep.session(4).inputInformation();
        assertTrue(t.getLast().real() < input && t.getLast().shuffle() > input,
                "I_real stays under the input's information, I_shuffle exceeds it: " + t.getLast() + " vs " + input);
    }

    @Test
    void lateralCouplingFallsOffWithDistanceAndLinksOnlyCoTunedNeurons() {
        CoupledPopulation pop = CoupledPopulation.of(CoupledSpec.defaults(60, 4));
        int n = pop.neurons();
        double[] a = pop.lateral();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double w = a[i * n + k];
                if (i == k || Math.signum(pop.inputTuning()[i]) != Math.signum(pop.inputTuning()[k])
                        || pop.positions().distance(i, k) > 300) {
                    assertEquals(0, w, 0.0);
                }
            }
        }
        // weight ratio of two links equals exp(−Δd / length)
        int i = 0;
        int k1 = -1, k2 = -1;
        for (int k = 1; k < n; k++) if (a[i * n + k] > 0) { if (k1 < 0) k1 = k; else if (k2 < 0) k2 = k; }
        double expected = Math.exp(-(pop.positions().distance(i, k1) - pop.positions().distance(i, k2)) / 100.0);
        assertEquals(expected, a[i * n + k1] / a[i * n + k2], 1e-9);
    }

    private static double mean(TrialMatrix m, int i) {
        double s = 0;
        for (int t = 0; t < m.trials(); t++) s += m.get(t, i);
        return s / m.trials();
    }

    private static double cov(TrialMatrix m, int i, int j) {
        double mi = mean(m, i), mj = mean(m, j), s = 0;
        for (int t = 0; t < m.trials(); t++) s += (m.get(t, i) - mi) * (m.get(t, j) - mj);
        return s / (m.trials() - 1);
    }
}
