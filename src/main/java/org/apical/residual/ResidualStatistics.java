package org.apical.residual;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The offline statistics of one recording (or block): the network prediction (finding 2) and the task encoding
 * (finding 3), with a per-neuron join of both. Two of them compare with {@link #compare} (finding 4).
 */
public record ResidualStatistics(String condition, NetworkResult network, TaskResult task) {

    public static ResidualStatistics of(ResidualData d, StatisticsOptions o) { return of(d, o, n -> {}); }

    /**
     * @param progress called with the number of neuron fits done so far, out of {@code 2 · d.pairs()} (network,
     *                 then task); from worker threads, so it must be thread-safe
     */
    public static ResidualStatistics of(ResidualData d, StatisticsOptions o, IntConsumer progress) {
        NetworkResult network = NetworkPrediction.run(d, o.network(), progress);
        int pairs = d.pairs();
        TaskResult task = TaskEncoding.run(d, o.task(), done -> progress.accept(pairs + done));
        return new ResidualStatistics(d.condition(), network, task);
    }

    /** Finding 4 between this recording's statistics and another's. */
    public ComparisonResult compare(ResidualData mine, ResidualStatistics other, ResidualData theirs) {
        return ConditionComparison.compare(mine, network, theirs, other.network(), network.options().seed());
    }

    /** Per neuron, in pair order. */
    public List<NeuronStatistics> neurons() {
        List<NeuronStatistics> out = new ArrayList<>();
        for (int i = 0; i < network.neurons().size(); i++) {
            NeuronNetworkFit n = network.neurons().get(i);
            NeuronTaskFit t = task.neurons().get(i);
            Map<String, Double> coefficients = new LinkedHashMap<>(), p = new LinkedHashMap<>(); // regressor order
            for (int j = 0; j < task.regressors().size(); j++) {
                coefficients.put(task.regressors().get(j), t.coefficients()[j]);
                p.put(task.regressors().get(j), t.p()[j]);
            }
            String note = n.note().isEmpty() ? t.note() : t.note().isEmpty() || t.note().equals(n.note()) ? n.note()
                    : n.note() + "; " + t.note();
            out.add(new NeuronStatistics(n.pair(), n.neuron(), Roles.name(n.role()), n.events(), t.residualSd(), n.r2(),
                    n.r2Control(), n.predictors(), Collections.unmodifiableMap(coefficients), Collections.unmodifiableMap(p), note));
        }
        return out;
    }
}
