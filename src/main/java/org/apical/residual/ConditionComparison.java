package org.apical.residual;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finding 4: compares two conditions per neuron for the size of the residuals ({@code residual_sd}, the SD of a
 * neuron's event residuals) and for the network-explained part ({@code network_r2}, and
 * {@code network_explained_sd = residual_sd · √max(R², 0)}, which falls when either the residuals shrink or their
 * network-explained share does). Neurons are matched by id: when at least 3 ids have a value in both
 * conditions, only those are compared, paired (Wilcoxon signed-rank on B − A: each neuron is its own control);
 * otherwise the two sets are compared unpaired (rank-sum). Neurons with fewer than the network's
 * {@code minEvents} events in a condition have no value there.
 */
public final class ConditionComparison {
    public static final String RESIDUAL_SD = "residual_sd", NETWORK_R2 = "network_r2",
            NETWORK_EXPLAINED_SD = "network_explained_sd";
    static final int MIN_PAIRS = 3;

    private ConditionComparison() {}

    /** Runs the network prediction on both conditions with {@code o}, then compares. */
    public static ComparisonResult compare(ResidualData a, ResidualData b, NetworkOptions o) {
        return compare(a, NetworkPrediction.run(a, o), b, NetworkPrediction.run(b, o), o.seed());
    }

    public static ComparisonResult compare(ResidualData a, NetworkResult na, ResidualData b, NetworkResult nb, long seed) {
        if (!na.condition().equals(a.condition()) || !nb.condition().equals(b.condition())) {
            throw new IllegalArgumentException("network results are of '" + na.condition() + "' and '" + nb.condition()
                    + "' but the data of '" + a.condition() + "' and '" + b.condition() + "'");
        }
        Map<String, double[]> va = values(a, na), vb = values(b, nb);
        Map<String, Integer> roles = new LinkedHashMap<>();
        for (int i = 0; i < a.pairs(); i++) roles.put(a.neuronIds()[i], a.roles()[i]);
        for (int i = 0; i < b.pairs(); i++) roles.putIfAbsent(b.neuronIds()[i], b.roles()[i]);
        List<String> shared = new ArrayList<>();
        for (String id : va.keySet()) if (vb.containsKey(id) && Double.isFinite(va.get(id)[1]) && Double.isFinite(vb.get(id)[1])) shared.add(id);
        boolean paired = shared.size() >= MIN_PAIRS;
        List<ConditionNeuron> neurons = new ArrayList<>();
        double[] none = {0, Double.NaN, Double.NaN};
        for (String id : roles.keySet()) {
            double[] x = va.getOrDefault(id, none), y = vb.getOrDefault(id, none);
            neurons.add(new ConditionNeuron(id, roles.get(id), (int) x[0], (int) y[0], x[1], y[1], x[2], y[2]));
        }
        List<MeasureComparison> measures = new ArrayList<>();
        String[] names = {RESIDUAL_SD, NETWORK_R2, NETWORK_EXPLAINED_SD};
        for (int m = 0; m < names.length; m++) {
            measures.add(paired ? pairedComparison(names[m], m, shared, va, vb, seed + m)
                    : unpaired(names[m], m, va, vb, seed + m));
        }
        return new ComparisonResult(a.condition(), b.condition(), paired, measures, neurons);
    }

    /** Per neuron id: {events, residual SD, network R²} (SD NaN below minEvents). */
    private static Map<String, double[]> values(ResidualData d, NetworkResult n) {
        Map<String, double[]> out = new LinkedHashMap<>();
        List<List<ResidualEvent>> byPair = d.eventsByPair();
        int minEvents = n.options().minEvents();
        for (int i = 0; i < d.pairs(); i++) {
            List<ResidualEvent> ev = byPair.get(i);
            double sd = Double.NaN;
            if (ev.size() >= minEvents) {
                double mean = ev.stream().mapToDouble(ResidualEvent::residual).average().orElseThrow(), ss = 0;
                for (ResidualEvent e : ev) ss += (e.residual() - mean) * (e.residual() - mean);
                sd = Math.sqrt(ss / (ev.size() - 1));
            }
            double r2 = i < n.neurons().size() ? n.neurons().get(i).r2() : Double.NaN;
            if (out.put(d.neuronIds()[i], new double[] {ev.size(), sd, r2}) != null) {
                throw new IllegalArgumentException("condition '" + d.condition() + "' has neuron id '"
                        + d.neuronIds()[i] + "' twice; ids must be unique to be matched across conditions");
            }
        }
        return out;
    }

    private static double measure(double[] v, int m) {
        return switch (m) {
            case 0 -> v[1];
            case 1 -> v[2];
            default -> v[1] * Math.sqrt(Math.max(0, v[2]));
        };
    }

    private static MeasureComparison pairedComparison(String name, int m, List<String> ids, Map<String, double[]> va,
                                                      Map<String, double[]> vb, long seed) {
        List<double[]> pairs = new ArrayList<>();
        for (String id : ids) {
            double x = measure(va.get(id), m), y = measure(vb.get(id), m);
            if (Double.isFinite(x) && Double.isFinite(y)) pairs.add(new double[] {x, y});
        }
        double[] xa = pairs.stream().mapToDouble(p -> p[0]).toArray(), xb = pairs.stream().mapToDouble(p -> p[1]).toArray();
        double[] diff = pairs.stream().mapToDouble(p -> p[1] - p[0]).toArray();
        double[] ratio = pairs.stream().mapToDouble(p -> p[0] > 0 ? p[1] / p[0] : Double.NaN).toArray();
        return new MeasureComparison(name, pairs.size(), true, RankTests.median(xa), RankTests.median(xb),
                RankTests.median(diff), RankTests.median(ratio), RankTests.signedRank(diff, seed), "signed-rank");
    }

    private static MeasureComparison unpaired(String name, int m, Map<String, double[]> va, Map<String, double[]> vb,
                                              long seed) {
        double[] xa = va.values().stream().mapToDouble(v -> measure(v, m)).filter(Double::isFinite).toArray();
        double[] xb = vb.values().stream().mapToDouble(v -> measure(v, m)).filter(Double::isFinite).toArray();
        double ma = RankTests.median(xa), mb = RankTests.median(xb);
        return new MeasureComparison(name, xa.length + xb.length, false, ma, mb, mb - ma, ma > 0 ? mb / ma : Double.NaN,
                RankTests.rankSum(xa, xb, seed), "rank-sum");
    }
}
