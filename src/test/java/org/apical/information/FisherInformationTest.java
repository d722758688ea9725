package org.apical.information;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apical.sim.CoupledSpec;
import org.apical.sim.CoupledTruth;
import org.junit.jupiter.api.Test;

class FisherInformationTest {
    private static final CoupledSpec COUPLED = CoupledSpec.defaults(50, 11).withCoupling(1.2, 0.6);

    @Test
    void biasCorrectedEstimatesAreWithinTenPercentOfTheModelForFiftyNeuronsAndTwoThousandTrials() {
        SimulatedData d = SimulatedData.draw(COUPLED, 2000, 1);
        CoupledTruth truth = d.population().exact();
        InformationEstimate e = FisherInformation.estimate(d.a(), d.b(), 1.0);
        assertTrue(truth.redundancy() > 0.3 * truth.shuffle(), "the model must have real redundancy: " + truth);
        assertWithin(truth.real(), e.realCorrected(), 0.10, "I_real");
        assertWithin(truth.shuffle(), e.shuffleCorrected(), 0.10, "I_shuffle");
        assertWithin(truth.redundancy(), e.redundancyCorrected(), 0.10, "I_redundancy");
        assertEquals(50, e.neurons());
        assertEquals(2000, e.trialsA());
    }

    @Test
    void naiveEstimateIsBiasedUpwardWhenTrialsAreFewAndTheCorrectionRemovesIt() {
        CoupledTruth truth = SimulatedData.draw(COUPLED, 2, 0).population().exact();
        double naive = 0, corrected = 0;
        int reps = 8;
        for (int r = 0; r < reps; r++) {
            SimulatedData d = SimulatedData.draw(COUPLED, 100, 100 + r);
            InformationEstimate e = FisherInformation.estimate(d.a(), d.b(), 1.0);
            naive += e.realNaive() / reps;
            corrected += e.realCorrected() / reps;
        }
        // expected naive ≈ (I + 2N/T) · ν/(ν − N − 1) = (I + 1) · 198/147
        assertTrue(naive > 1.3 * truth.real(), "naive " + naive + " vs truth " + truth.real());
        assertTrue(Math.abs(corrected - truth.real()) < 0.2 * truth.real(),
                "corrected mean " + corrected + " vs truth " + truth.real());
    }

    @Test
    void shuffledEqualsRealWhenCouplingIsDiagonalAndSharedInputIndependent() {
        SimulatedData d = SimulatedData.draw(COUPLED.withCoupling(1.3, 0.0), 2000, 2);
        CoupledTruth truth = d.population().exact();
        assertEquals(truth.real(), truth.shuffle(), 1e-9 * truth.real());
        InformationEstimate e = FisherInformation.estimate(d.a(), d.b(), 1.0);
        assertEquals(0, e.redundancyCorrected(), 0.05 * truth.real(), "redundancy " + e.redundancyCorrected());
        assertWithin(truth.real(), e.realCorrected(), 0.10, "I_real");
    }

    @Test
    void explicitPerNeuronShufflingAgreesWithTheDiagonalFormula() {
        SimulatedData d = SimulatedData.draw(COUPLED, 2000, 3);
        InformationEstimate e = FisherInformation.estimate(d.a(), d.b(), 1.0);
        SplittableRandom rng = new SplittableRandom(5);
        TrialMatrix sa = shuffleEachNeuron(d.a(), rng), sb = shuffleEachNeuron(d.b(), rng);
        InformationEstimate shuffled = FisherInformation.estimate(sa, sb, 1.0);
        // shuffling keeps each neuron's values, so the diagonal formula gives the same number exactly...
        assertEquals(e.shuffleNaive(), shuffled.shuffleNaive(), 1e-9 * e.shuffleNaive());
        // ...and the full estimator on shuffled data (correlations destroyed) recovers it
        assertWithin(e.shuffleCorrected(), shuffled.realCorrected(), 0.05, "I_real of shuffled data");
        assertTrue(shuffled.realCorrected() > 1.5 * e.realCorrected(), "shuffling must remove the redundancy");
    }

    @Test
    void deltaSScalesInformationAsOneOverDeltaSSquared() {
        SimulatedData d = SimulatedData.draw(COUPLED, 500, 4);
        InformationEstimate one = FisherInformation.estimate(d.a(), d.b(), 1.0);
        InformationEstimate two = FisherInformation.estimate(d.a(), d.b(), 2.0);
        assertEquals(one.realNaive() / 4, two.realNaive(), 1e-9 * one.realNaive());
        assertEquals(one.realCorrected() / 4, two.realCorrected(), 1e-9 * one.realNaive());
    }

    @Test
    void tooFewTrialsForTheNeuronsIsAClearError() {
        SimulatedData d = SimulatedData.draw(COUPLED, 26, 6); // 2T = 52 ≤ N + 3 = 53
        InformationException e = assertThrows(InformationException.class,
                () -> FisherInformation.estimate(d.a(), d.b(), 1.0));
        assertTrue(e.getMessage().contains("too few trials") && e.getMessage().contains("53"), e.getMessage());
    }

    @Test
    void mismatchedNeuronCountsAreAClearError() {
        TrialMatrix a = TrialMatrix.of("hit", new double[][] {{1, 2, 3}, {2, 3, 1}, {0, 1, 1}});
        TrialMatrix b = TrialMatrix.of("miss", new double[][] {{1, 2}, {2, 3}, {0, 2}});
        InformationException e = assertThrows(InformationException.class, () -> FisherInformation.estimate(a, b, 1));
        assertTrue(e.getMessage().contains("'hit' has 3 neurons") && e.getMessage().contains("'miss' has 2"),
                e.getMessage());
    }

    @Test
    void nanResponseIsRejectedNamingTrialAndNeuron() {
        InformationException e = assertThrows(InformationException.class,
                () -> TrialMatrix.of("A", new double[][] {{1, 2}, {3, Double.NaN}}));
        assertTrue(e.getMessage().contains("trial 1, neuron 1 is NaN"), e.getMessage());
    }

    @Test
    void duplicatedNeuronMakesTheCovarianceSingularAndNamesTheNeuron() {
        SplittableRandom rng = new SplittableRandom(7);
        double[][] a = new double[100][3], b = new double[100][3];
        for (double[][] m : new double[][][] {a, b}) {
            for (double[] r : m) { r[0] = rng.nextGaussian(); r[1] = rng.nextGaussian(); r[2] = r[0] + r[1]; }
        }
        for (double[] r : b) r[0] += 1;
        InformationException e = assertThrows(InformationException.class,
                () -> FisherInformation.estimate(TrialMatrix.of("A", a), TrialMatrix.of("B", b), 1));
        assertTrue(e.getMessage().contains("not positive definite") && e.getMessage().contains("neuron 2"),
                e.getMessage());
    }

    @Test
    void constantNeuronIsNamed() {
        double[][] a = {{1, 5}, {2, 5}, {3, 5}, {1, 5}, {2, 5}, {3, 5}};
        double[][] b = {{2, 5}, {3, 5}, {4, 5}, {2, 5}, {3, 5}, {4, 5}};
        InformationException e = assertThrows(InformationException.class,
                () -> FisherInformation.estimate(TrialMatrix.of("A", a), TrialMatrix.of("B", b), 1));
        assertTrue(e.getMessage().contains("neuron 1 has zero variance"), e.getMessage());
    }

    @Test
    void zeroDeltaSIsRejected() {
        SimulatedData d = SimulatedData.draw(COUPLED, 200, 8);
        assertThrows(InformationException.class, () -> FisherInformation.estimate(d.a(), d.b(), 0));
    }

    @Test
    void unequalTrialCountsUseTheGeneralCorrection() {
        CoupledSpec spec = CoupledSpec.defaults(20, 3).withCoupling(1.2, 0.6);
        SimulatedData big = SimulatedData.draw(spec, 3000, 9);
        double[] fewer = java.util.Arrays.copyOf(big.b().values(), 600 * 20);
        TrialMatrix b = new TrialMatrix("B", 600, 20, fewer);
        InformationEstimate e = FisherInformation.estimate(big.a(), b, 1.0);
        double truth = big.population().exact().real();
        assertWithin(truth, e.realCorrected(), 0.12, "I_real with 3000 vs 600 trials");
        double nu = 3000 + 600 - 2;
        double expected = e.realNaive() * (nu - 21) / nu - 20 * (1.0 / 3000 + 1.0 / 600);
        assertEquals(expected, e.realCorrected(), 1e-12 * e.realNaive());
    }

    static void assertWithin(double truth, double estimate, double fraction, String what) {
        assertTrue(Math.abs(estimate - truth) <= fraction * Math.abs(truth),
                what + ": estimate " + estimate + " is not within " + fraction * 100 + " % of " + truth);
    }

    static TrialMatrix shuffleEachNeuron(TrialMatrix m, SplittableRandom rng) {
        int t = m.trials(), n = m.neurons();
        double[] out = m.values().clone();
        for (int i = 0; i < n; i++) {
            for (int k = t - 1; k > 0; k--) {
                int j = rng.nextInt(k + 1);
                double tmp = out[k * n + i]; out[k * n + i] = out[j * n + i]; out[j * n + i] = tmp;
            }
        }
        return new TrialMatrix(m.label(), t, n, out);
    }
}
