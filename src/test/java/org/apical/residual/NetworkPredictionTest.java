package org.apical.residual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkPredictionTest {
    /** Even neurons: network-driven residuals (SD equal to the noise's); odd neurons: noise only. */
    static Synthetic.Spec spec(int neurons) {
        double[] w = new double[neurons];
        for (int i = 0; i < neurons; i += 2) w[i] = 1;
        return new Synthetic.Spec("awake", neurons, 20, w, 0, 1, 0.25, 11);
    }

    @Test
    void networkDrivenNeuronsBeatTheirControlAndTheOthersDoNot() {
        NetworkResult r = NetworkPrediction.run(Synthetic.session(spec(16)), NetworkOptions.defaults());
        assertEquals(NetworkResult.CHANNELS, r.predictorKind());
        assertEquals(30, r.predictors(), "every other neuron's soma and dendrite, never its own");
        checkRecovery(r.neurons());
        assertTrue(r.pAboveControl() < 0.05, "population test: " + r.pAboveControl());
    }

    @Test
    void principalComponentsWhenThereAreManyChannels() {
        NetworkOptions o = NetworkOptions.defaults().withReduction(8, 6);
        NetworkResult r = NetworkPrediction.run(Synthetic.session(spec(16)), o);
        assertEquals(NetworkResult.COMPONENTS, r.predictorKind());
        assertEquals(6, r.predictors());
        checkRecovery(r.neurons());
    }

    private static void checkRecovery(List<NeuronNetworkFit> fits) {
        for (NeuronNetworkFit f : fits) {
            assertTrue(f.events() > 150, f.neuron() + " events " + f.events());
            assertEquals(5, f.r2Shifts().length);
            if (f.pair() % 2 == 0) {
                assertTrue(f.r2() > 0.25 && f.r2() > f.r2Control() + 0.2,
                        f.neuron() + " (network weight 1): R² " + f.r2() + ", control " + f.r2Control());
            } else {
                assertTrue(f.r2() < 0.03 && f.r2() <= f.r2Control() + 0.05,
                        f.neuron() + " (no network weight): R² " + f.r2() + ", control " + f.r2Control());
            }
            assertTrue(Math.abs(f.r2Control()) < 0.06, f.neuron() + " control " + f.r2Control());
        }
    }

    @Test
    void sameSeedSameResultAndTooFewEventsIsANoteNotAFailure() {
        Synthetic.Spec s = new Synthetic.Spec("short", 4, 3, new double[] {1, 0, 1, 0}, 0, 1, 0.05, 2);
        ResidualData d = Synthetic.session(s);
        NetworkResult a = NetworkPrediction.run(d, NetworkOptions.defaults()), b = NetworkPrediction.run(d, NetworkOptions.defaults());
        for (int i = 0; i < 4; i++) {
            assertEquals(a.neurons().get(i).r2(), b.neurons().get(i).r2(), 0.0);
            assertEquals(a.neurons().get(i).r2Control(), b.neurons().get(i).r2Control(), 0.0);
        }
        NeuronNetworkFit few = a.neurons().stream().filter(f -> f.events() < 20).findFirst().orElseThrow();
        assertTrue(Double.isNaN(few.r2()) && few.note().contains("too few events"), few.toString());
    }

    @Test
    void aSingleNeuronHasNoNetworkToPredictFrom() {
        ResidualData one = Synthetic.session(new Synthetic.Spec("one", 1, 2, new double[] {0}, 0, 1, 0.25, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkPrediction.run(one, NetworkOptions.defaults()));
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    }
}
