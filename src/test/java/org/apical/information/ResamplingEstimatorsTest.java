package org.apical.information;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apical.sim.CoupledSpec;
import org.junit.jupiter.api.Test;

class ResamplingEstimatorsTest {
    private static final CoupledSpec SPEC = CoupledSpec.defaults(20, 5).withCoupling(1.2, 0.8);

    @Test
    void bootstrapIsReproducibleFromItsSeedAndBracketsThePointEstimate() {
        SimulatedData d = SimulatedData.draw(SPEC, 400, 1);
        InformationEstimate e = FisherInformation.estimate(d.a(), d.b(), 1);
        BootstrapIntervals one = Bootstrap.intervals(d.a(), d.b(), 1, 60, 0.9, 42);
        BootstrapIntervals again = Bootstrap.intervals(d.a(), d.b(), 1, 60, 0.9, 42);
        BootstrapIntervals other = Bootstrap.intervals(d.a(), d.b(), 1, 60, 0.9, 43);
        assertEquals(one, again);
        assertTrue(one.real().low() != other.real().low());
        assertTrue(one.real().contains(e.realCorrected()), one.real() + " vs " + e.realCorrected());
        assertTrue(one.shuffle().contains(e.shuffleCorrected()), one.shuffle() + " vs " + e.shuffleCorrected());
        assertTrue(one.redundancy().contains(e.redundancyCorrected()));
        assertTrue(one.real().low() < one.real().high());
    }

    @Test
    void bootstrapIntervalsCoverTheModelValueAtAboutTheirLevel() {
        org.apical.sim.CoupledPopulation pop = org.apical.sim.CoupledPopulation.of(SPEC);
        org.apical.sim.CoupledTruth truth = pop.exact();
        int reps = 40, real = 0, redundancy = 0;
        for (int r = 0; r < reps; r++) {
            SimulatedData d = SimulatedData.draw(pop, 300, 1000 + r);
            BootstrapIntervals b = Bootstrap.intervals(d.a(), d.b(), 1, 60, 0.9, r);
            if (b.real().contains(truth.real())) real++;
            if (b.redundancy().contains(truth.redundancy())) redundancy++;
        }
        // nominal 90 %: 36 of 40 (a plain percentile interval of these replicates covered I_real only ~72 % of the time)
        assertTrue(real >= 31 && redundancy >= 31, "coverage: I_real " + real + "/40, I_redundancy " + redundancy + "/40");
    }

    @Test
    void bootstrapIntervalNarrowsWithMoreTrials() {
        SimulatedData few = SimulatedData.draw(SPEC, 150, 2), many = SimulatedData.draw(SPEC, 1500, 2);
        Interval wide = Bootstrap.intervals(few.a(), few.b(), 1, 60, 0.9, 1).real();
        Interval narrow = Bootstrap.intervals(many.a(), many.b(), 1, 60, 0.9, 1).real();
        assertTrue(narrow.high() - narrow.low() < 0.6 * (wide.high() - wide.low()), wide + " vs " + narrow);
    }

    @Test
    void crossValidatedEstimateIsConservativeAndCloseWhenTrialsAreMany() {
        SimulatedData d = SimulatedData.draw(CoupledSpec.defaults(50, 11).withCoupling(1.2, 0.6), 2000, 1);
        double truth = d.population().exact().real();
        CrossValidatedEstimate cv = CrossValidatedInformation.estimate(d.a(), d.b(), 1, 5, Double.NaN, 3);
        InformationEstimate e = FisherInformation.estimate(d.a(), d.b(), 1);
        assertTrue(cv.corrected() <= e.realCorrected() * 1.02, cv + " vs " + e);
        FisherInformationTest.assertWithin(truth, cv.corrected(), 0.15, "cross-validated I_real");
        assertEquals(5, cv.folds());
    }

    @Test
    void crossValidatedEstimateWorksWhereTheBiasCorrectedOneCannot() {
        CoupledSpec spec = CoupledSpec.defaults(120, 4).withCoupling(1.2, 0.8);
        SimulatedData d = SimulatedData.draw(spec, 60, 6); // 2T = 120 < N + 3
        assertThrows(InformationException.class, () -> FisherInformation.estimate(d.a(), d.b(), 1));
        CrossValidatedEstimate cv = CrossValidatedInformation.estimate(d.a(), d.b(), 1, 4, Double.NaN, 1);
        double truth = d.population().exact().real();
        assertTrue(cv.shrinkage() > 0.5, "automatic shrinkage for N > T: " + cv.shrinkage());
        assertTrue(cv.corrected() > 0.2 * truth && cv.corrected() < 1.1 * truth, cv + " vs truth " + truth);
    }

    @Test
    void crossValidationRejectsTooFewTrialsPerFold() {
        SimulatedData d = SimulatedData.draw(SPEC, 7, 1);
        InformationException e = assertThrows(InformationException.class,
                () -> CrossValidatedInformation.estimate(d.a(), d.b(), 1, 5, Double.NaN, 1));
        assertTrue(e.getMessage().contains("5-fold"), e.getMessage());
    }
}
