package org.apical.residual;

import java.util.List;

/** Finding 4: two conditions (e.g. awake and anaesthetised) compared per neuron. */
public record ComparisonResult(String conditionA, String conditionB, boolean paired, List<MeasureComparison> measures,
                               List<ConditionNeuron> neurons) {
    public ComparisonResult {
        measures = List.copyOf(measures);
        neurons = List.copyOf(neurons);
    }

    public MeasureComparison measure(String name) {
        return measures.stream().filter(m -> m.measure().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no measure '" + name + "'"));
    }
}
