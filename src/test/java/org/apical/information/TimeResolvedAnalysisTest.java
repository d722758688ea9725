package org.apical.information;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apical.sim.CoupledPopulation;
import org.apical.sim.CoupledSession;
import org.apical.sim.CoupledSpec;
import org.apical.sim.CoupledWindowTruth;
import org.junit.jupiter.api.Test;

class TimeResolvedAnalysisTest {
    private static final CoupledPopulation POP = CoupledPopulation.of(CoupledSpec.defaults(30, 2).withCoupling(1.2, 1.0));
    private static final PopulationTrials SESSION =
            CoupledSession.simulate("sim", POP, 1200, 1.0, 0.05, 1.0, 0.3, 9);

    @Test
    void redundancyBuildsUpWithinTheTrialAsTheCouplingDoes() {
        List<TimeBinResult> bins = TimeResolvedAnalysis.of(SESSION, "A", "B", 1, 0.05, 0.05, 0, 0.95, 1);
        assertEquals(20, bins.size());
        double early = bins.get(0).estimate().redundancyCorrected();
        double late = (bins.get(16).estimate().redundancyCorrected() + bins.get(17).estimate().redundancyCorrected()
                + bins.get(18).estimate().redundancyCorrected() + bins.get(19).estimate().redundancyCorrected()) / 4;
        assertTrue(late > 4 * Math.max(early, 0.05), "early " + early + ", late " + late);
        CoupledWindowTruth truth = new CoupledWindowTruth(POP, SESSION.binStarts(), 0.05, 0.3);
        for (int b : new int[] {0, 10, 19}) {
            TimeBinResult r = bins.get(b);
            FisherInformationTest.assertWithin(truth.window(r.fromS(), r.toS()).shuffle(),
                    r.estimate().shuffleCorrected(), 0.15, "I_shuffle in bin " + b);
        }
    }

    @Test
    void slidingWindowsStepThroughTheTrial() {
        List<double[]> w = TimeResolvedAnalysis.windows(SESSION, 0.2, 0.05);
        assertEquals(17, w.size());
        assertEquals(0.0, w.getFirst()[0], 1e-12);
        assertEquals(0.8, w.getLast()[0], 1e-9);
        assertEquals(1.0, w.getLast()[1], 1e-9);
        List<TimeBinResult> r = TimeResolvedAnalysis.of(SESSION, "A", "B", 1, 0.2, 0.05, 0, 0.95, 1);
        List<TimeBinResult> fine = TimeResolvedAnalysis.of(SESSION, "A", "B", 1, 0.05, 0.05, 0, 0.95, 1);
        assertTrue(r.getLast().estimate().realCorrected() > 2 * fine.getLast().estimate().realCorrected(),
                "a 200 ms window averages four bins of independent noise");
    }

    @Test
    void binsFinerThanTheDataOrLongerThanTheTrialAreRejected() {
        InformationException fine = assertThrows(InformationException.class,
                () -> TimeResolvedAnalysis.windows(SESSION, 0.01, 0.01));
        assertTrue(fine.getMessage().contains("finer than the data's 50.0 ms"), fine.getMessage());
        InformationException longer = assertThrows(InformationException.class,
                () -> TimeResolvedAnalysis.windows(SESSION, 2, 2));
        assertTrue(longer.getMessage().contains("longer than the trial"), longer.getMessage());
        InformationException odd = assertThrows(InformationException.class,
                () -> TimeResolvedAnalysis.windows(SESSION, 0.075, 0.075));
        assertTrue(odd.getMessage().contains("whole multiples"), odd.getMessage());
    }

    @Test
    void unknownConditionListsTheOnesThatExist() {
        InformationException e = assertThrows(InformationException.class, () -> SESSION.window("hit", 0, 1));
        assertTrue(e.getMessage().contains("'hit'") && e.getMessage().contains("'A' (1200 trials)"), e.getMessage());
    }
}
