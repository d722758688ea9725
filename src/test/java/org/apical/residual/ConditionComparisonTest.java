package org.apical.residual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionComparisonTest {
    static Synthetic.Spec awake() {
        double[] w = new double[12];
        java.util.Arrays.fill(w, 1);
        return new Synthetic.Spec("awake", 12, 15, w, 0, 1, 0.25, 41);
    }

    @Test
    void detectsHalvedResidualsOfTheSameNeurons() {
        ResidualData a = Synthetic.session(awake());
        ResidualData b = Synthetic.session(awake().withSeed(42).withScale(0.5, "anaesthetised"));
        ComparisonResult r = ConditionComparison.compare(a, b, NetworkOptions.defaults());
        assertTrue(r.paired());
        MeasureComparison sd = r.measure(ConditionComparison.RESIDUAL_SD);
        assertEquals(12, sd.neurons());
        assertEquals("signed-rank", sd.test());
        assertTrue(sd.p() < 0.01, "halved SD: p " + sd.p());
        assertEquals(0.5, sd.ratio(), 0.08);
        assertTrue(sd.difference() < 0);
        // scaling every residual leaves its network-explained share alone
        assertTrue(r.measure(ConditionComparison.NETWORK_R2).p() > 0.05, r.measure(ConditionComparison.NETWORK_R2).toString());
        assertTrue(r.measure(ConditionComparison.NETWORK_EXPLAINED_SD).p() < 0.01);
        assertEquals(12, r.neurons().size());
    }

    @Test
    void doesNotFlagEqualConditionsAndFallsBackToUnpairedForDifferentIds() {
        ResidualData a = Synthetic.session(awake());
        ResidualData b = Synthetic.session(awake().withSeed(43).withScale(1, "again"));
        ComparisonResult r = ConditionComparison.compare(a, b, NetworkOptions.defaults());
        for (MeasureComparison m : r.measures()) assertTrue(m.p() > 0.05, "equal conditions: " + m);

        ResidualData renamed = rename(b, "x");
        ComparisonResult u = ConditionComparison.compare(a, renamed, NetworkOptions.defaults());
        assertFalse(u.paired());
        assertEquals("rank-sum", u.measure(ConditionComparison.RESIDUAL_SD).test());
        assertEquals(24, u.measure(ConditionComparison.RESIDUAL_SD).neurons());
        assertTrue(u.measure(ConditionComparison.RESIDUAL_SD).p() > 0.05);

        ResidualData half = rename(Synthetic.session(awake().withSeed(44).withScale(0.5, "half")), "y");
        assertTrue(ConditionComparison.compare(a, half, NetworkOptions.defaults()).measure(ConditionComparison.RESIDUAL_SD).p() < 0.01);
    }

    @Test
    void rejectsNetworkResultsOfOtherData() {
        ResidualData a = Synthetic.session(awake());
        NetworkResult n = NetworkPrediction.run(a, NetworkOptions.defaults());
        ResidualData b = rename(a, "z");
        assertThrows(IllegalArgumentException.class,
                () -> ConditionComparison.compare(a, n, new ResidualData("other", b.rateHz(), b.frameTimes(), b.activity(),
                        b.pairSoma(), b.pairDendrite(), b.neuronIds(), b.roles(), b.events(), b.errorDeg(), b.outcomes()), n, 1));
    }

    static ResidualData rename(ResidualData d, String prefix) {
        String[] ids = new String[d.pairs()];
        for (int i = 0; i < ids.length; i++) ids[i] = prefix + d.neuronIds()[i];
        return new ResidualData(d.condition(), d.rateHz(), d.frameTimes(), d.activity(), d.pairSoma(), d.pairDendrite(),
                ids, d.roles(), d.events(), d.errorDeg(), d.outcomes());
    }
}
