package org.apical.information;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apical.sim.CoupledPopulation;
import org.apical.sim.CoupledSpec;
import org.junit.jupiter.api.Test;

class DistanceAnalysisTest {

    @Test
    void findsTheDistanceDependencePutIntoTheSimulation() {
        // lateral links fall off as exp(−d / 100 µm) and stop at 300 µm
        List<DistanceBin> bins = bins(CoupledSpec.defaults(80, 3).withCoupling(1.2, 1.0));
        double near = meanRedundancy(bins, 0, 100), far = meanRedundancy(bins, 450, 1e9);
        assertTrue(near > 0.01, "nearby pairs share information: " + near);
        assertTrue(far < 0.15 * near, "distant pairs share little: near " + near + ", far " + far);
        assertTrue(meanCorrelation(bins, 0, 100) > 3 * Math.abs(meanCorrelation(bins, 450, 1e9)));
    }

    @Test
    void findsNoDistanceDependenceWhenTheCouplingHasNone() {
        List<DistanceBin> bins = bins(CoupledSpec.defaults(80, 3).withCoupling(1.2, 1.0).withLength(1e9, 1e9));
        double near = meanRedundancy(bins, 0, 100), far = meanRedundancy(bins, 450, 1e9);
        assertTrue(near > 0 && far > 0, near + " " + far);
        assertTrue(near / far > 0.6 && near / far < 1.6, "flat: near " + near + ", far " + far);
    }

    @Test
    void aPairsEstimatesEqualTheTwoNeuronPopulationEstimate() {
        SimulatedData d = SimulatedData.draw(CoupledSpec.defaults(2, 1).withCoupling(1, 0), 300, 4);
        // make the two neurons correlated so the pair has non-trivial redundancy
        double[] a = d.a().values().clone(), b = d.b().values().clone();
        for (double[] v : new double[][] {a, b}) for (int t = 0; t < v.length / 2; t++) v[2 * t + 1] += 0.7 * v[2 * t];
        TrialMatrix ma = new TrialMatrix("A", 300, 2, a), mb = new TrialMatrix("B", 300, 2, b);
        InformationEstimate e = FisherInformation.estimate(ma, mb, 2.0);
        List<DistanceBin> bins = DistanceAnalysis.of(PopulationMoments.of(ma, mb),
                new RoiPositions(new double[] {0, 30}, new double[] {0, 40}), 2.0, 100);
        DistanceBin pair = bins.getFirst();
        assertEquals(1, pair.pairs());
        assertEquals(50, pair.meanDistanceUm(), 1e-9);
        assertEquals(e.realCorrected(), pair.pairReal(), 1e-9);
        assertEquals(e.shuffleCorrected(), pair.pairShuffle(), 1e-9);
        assertEquals(e.redundancyCorrected(), pair.pairRedundancy(), 1e-9);
    }

    private static List<DistanceBin> bins(CoupledSpec spec) {
        SimulatedData d = SimulatedData.draw(CoupledPopulation.of(spec), 2000, 7);
        return DistanceAnalysis.of(PopulationMoments.of(d.a(), d.b()), d.population().positions(), 1.0, 50);
    }

    private static double meanRedundancy(List<DistanceBin> bins, double from, double to) {
        double s = 0;
        long n = 0;
        for (DistanceBin b : bins) {
            if (b.fromUm() >= from && b.toUm() <= to && b.pairs() > 0) { s += b.pairRedundancy() * b.pairs(); n += b.pairs(); }
        }
        return s / n;
    }

    private static double meanCorrelation(List<DistanceBin> bins, double from, double to) {
        double s = 0;
        long n = 0;
        for (DistanceBin b : bins) {
            if (b.fromUm() >= from && b.toUm() <= to && b.pairs() > 0) { s += b.noiseCorrelation() * b.pairs(); n += b.pairs(); }
        }
        return s / n;
    }
}
