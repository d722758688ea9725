package org.apical.information;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.apical.sim.CoupledPopulation;
import org.apical.sim.CoupledSampler;
import org.apical.sim.CoupledSpec;
import org.junit.jupiter.api.Test;

/** The vector kernel computes the scatter the tiled loop computed, and the information estimates do not move. */
class VectorScatterTest {
    @Test
    void theBuildRunsWithTheVectorApi() {
        assertTrue(Scatter.VECTOR, "the JVM was started without --add-modules jdk.incubator.vector");
        assertTrue(Scatter.lanes() >= 2, "lanes " + Scatter.lanes());
    }

    @Test
    void weightedScatterEqualsTheDefinitionAcrossBlockAndPanelEdges() {
        // 203 columns: not a multiple of the 4-row blocks nor of the strips; 700 rows: two full panels and a part
        int rows = 700, n = 203;
        SplittableRandom rng = new SplittableRandom(3);
        double[] x = new double[rows * n];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextGaussian();
        int[] used = new int[rows];
        double[] uw = new double[rows];
        int m = 0;
        for (int k = 0; k < rows; k++) {
            int w = rng.nextInt(3); // bootstrap-like counts, zeros left out as Scatter leaves them out
            if (w > 0) { used[m] = k; uw[m] = w; m++; }
        }
        double[] c = VectorScatter.of(x, n, used, uw, m);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < m; p++) s += uw[p] * x[used[p] * n + i] * x[used[p] * n + j];
                assertEquals(s, c[i * n + j], 1e-10 * Math.max(1, Math.abs(s)), "entry " + i + "," + j);
            }
        }
    }

    @Test
    void informationEstimatesAgreeWithTheTiledLoopToOnePartInABillion() {
        int n = 120, trials = 4000;
        assertTrue((double) 2 * trials * n * n >= Scatter.VECTOR_FROM, "the size must take the vector kernel");
        CoupledPopulation pop = CoupledPopulation.of(CoupledSpec.defaults(n, 5).withCoupling(1.2, 1.0));
        CoupledSampler sampler = new CoupledSampler(pop);
        SplittableRandom rng = new SplittableRandom(5);
        TrialMatrix a = sampler.sample("A", 0, trials, rng), b = sampler.sample("B", 1, trials, rng);

        PopulationMoments fast = PopulationMoments.of(a, b);
        // the pooled covariance as it was computed before the vector kernel: centred rows through the tiled loop
        double[] centred = new double[2 * trials * n];
        for (int k = 0; k < trials; k++) {
            for (int i = 0; i < n; i++) {
                centred[k * n + i] = a.values()[k * n + i] - fast.meanA()[i];
                centred[(trials + k) * n + i] = b.values()[k * n + i] - fast.meanB()[i];
            }
        }
        double[] cov = Scatter.tiled(centred, 2 * trials, n, null);
        for (int i = 0; i < cov.length; i++) cov[i] *= 1.0 / (2 * trials - 2);
        PopulationMoments reference = new PopulationMoments("A", "B", trials, trials, n, fast.meanA(), fast.meanB(), cov);

        double[] fc = fast.covariance();
        boolean identical = true;
        for (int i = 0; i < cov.length; i++) identical &= fc[i] == cov[i];
        assertFalse(identical, "the two paths summed in the same order: the vector kernel was not used");

        InformationEstimate e = FisherInformation.of(fast, 1.0), r = FisherInformation.of(reference, 1.0);
        assertClose(r.realNaive(), e.realNaive(), "I_real naive");
        assertClose(r.realCorrected(), e.realCorrected(), "I_real corrected");
        assertClose(r.shuffleNaive(), e.shuffleNaive(), "I_shuffle naive");
        assertClose(r.shuffleCorrected(), e.shuffleCorrected(), "I_shuffle corrected");
        assertClose(r.redundancyCorrected(), e.redundancyCorrected(), "I_redundancy corrected");
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-9 * Math.abs(expected), what);
    }
}
