package org.apical.residual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResidualStatisticsTest {
    @Test
    void joinsBothFindingsPerNeuronAndReportsProgress() {
        double[] w = new double[8];
        for (int i = 0; i < 8; i += 2) w[i] = 1;
        ResidualData d = Synthetic.session(new Synthetic.Spec("s1", 8, 15, w, 1, 1, 0.25, 51));
        AtomicInteger last = new AtomicInteger();
        ResidualStatistics s = ResidualStatistics.of(d, StatisticsOptions.defaults(), n -> last.accumulateAndGet(n, Math::max));
        assertEquals(16, last.get(), "network then task, every neuron");
        List<NeuronStatistics> rows = s.neurons();
        assertEquals(8, rows.size());
        NeuronStatistics first = rows.getFirst();
        assertEquals("n0", first.neuron());
        assertEquals("plus", first.role());
        assertEquals(TaskEncoding.REGRESSORS, List.copyOf(first.coefficients().keySet()));
        assertTrue(first.networkR2() > first.networkR2Control() + 0.1, first.toString());
        assertTrue(first.residualSd() > 0 && first.events() > 100);
        assertEquals("minus", rows.get(2).role());
        assertEquals("none", rows.get(5).role());

        ResidualData d2 = Synthetic.session(new Synthetic.Spec("s2", 8, 15, w, 1, 0.5, 0.25, 52));
        ResidualStatistics s2 = ResidualStatistics.of(d2, StatisticsOptions.defaults());
        ComparisonResult c = s.compare(d, s2, d2);
        assertEquals("s1", c.conditionA());
        assertTrue(c.paired());
        assertEquals(0.5, c.measure(ConditionComparison.RESIDUAL_SD).ratio(), 0.1);
    }
}
