package org.apical.information;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The input every information analysis works on, whatever its source (simulation, trials CSV, an XDF session):
 * trials × time bins × neurons on one time grid relative to trial onset, each trial with a condition label, and
 * optionally the neurons' ROI positions. A source only has to build one of these.
 *
 * @param source      names the data in messages and reports (file name, "simulated coupled population")
 * @param neuronNames one name per neuron (column header, ROI name)
 * @param binStarts   start of each time bin in seconds from trial onset, increasing
 * @param binSeconds  width of one bin of the grid (the data's own resolution)
 * @param positions   ROI positions, or null when the source has none (no distance analysis then)
 */
public record PopulationTrials(String source, List<String> neuronNames, double[] binStarts, double binSeconds,
                               List<Trial> trials, RoiPositions positions) {

    public PopulationTrials {
        neuronNames = List.copyOf(neuronNames);
        trials = List.copyOf(trials);
        int n = neuronNames.size();
        if (n == 0) throw new InformationException(source + ": no neurons");
        if (binStarts.length == 0) throw new InformationException(source + ": no time bins");
        if (!(binSeconds > 0)) throw new InformationException(source + ": bin width must be > 0 s, got " + binSeconds);
        for (int b = 1; b < binStarts.length; b++) {
            if (!(binStarts[b] > binStarts[b - 1])) {
                throw new InformationException(source + ": time bins must increase (bin " + b + " at "
                        + binStarts[b] + " s follows " + binStarts[b - 1] + " s)");
            }
        }
        int expected = binStarts.length * n;
        for (Trial t : trials) {
            if (t.values().length != expected) {
                throw new InformationException(source + ": trial " + t.id() + " (condition '" + t.condition() + "') has "
                        + t.values().length + " values, expected " + binStarts.length + " bins × " + n + " neurons");
            }
            double[] v = t.values();
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) {
                    throw new InformationException(source + ": trial " + t.id() + " (condition '" + t.condition()
                            + "'), time " + binStarts[i / n] + " s, neuron " + neuronNames.get(i % n) + " is " + v[i]
                            + " (responses must be finite numbers)");
                }
            }
        }
        if (positions != null && positions.size() != n) {
            throw new InformationException(source + ": " + positions.size() + " ROI positions for " + n + " neurons");
        }
    }

    public int neurons() { return neuronNames.size(); }

    public int bins() { return binStarts.length; }

    /** End of the last bin, seconds from trial onset. */
    public double end() { return binStarts[binStarts.length - 1] + binSeconds; }

    /** Trial count per condition label, in order of first appearance. */
    public Map<String, Integer> conditions() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Trial t : trials) m.merge(t.condition(), 1, Integer::sum);
        return m;
    }

    /**
     * One condition's responses averaged over the bins that start in {@code [from, to)} seconds: the
     * trials × neurons matrix the estimators take. (Linear Fisher information does not change if responses are
     * scaled, so a mean and a sum over bins give the same information.)
     */
    public TrialMatrix window(String condition, double from, double to) {
        int n = neurons();
        List<Integer> bins = binsIn(from, to);
        List<Trial> chosen = new ArrayList<>();
        for (Trial t : trials) if (t.condition().equals(condition)) chosen.add(t);
        if (chosen.isEmpty()) {
            throw new InformationException(source + ": no trials with condition '" + condition + "'; the conditions are "
                    + describeConditions());
        }
        double[] out = new double[chosen.size() * n];
        double inv = 1.0 / bins.size();
        for (int k = 0; k < chosen.size(); k++) {
            double[] v = chosen.get(k).values();
            for (int b : bins) {
                int o = b * n;
                for (int i = 0; i < n; i++) out[k * n + i] += v[o + i] * inv;
            }
        }
        return new TrialMatrix(condition, chosen.size(), n, out);
    }

    List<Integer> binsIn(double from, double to) {
        double eps = 1e-9 * Math.max(1, Math.abs(to));
        List<Integer> bins = new ArrayList<>();
        for (int b = 0; b < binStarts.length; b++) {
            if (binStarts[b] >= from - eps && binStarts[b] < to - eps) bins.add(b);
        }
        if (bins.isEmpty()) {
            throw new InformationException(source + ": no time bins start within [" + from + ", " + to + ") s; the data's"
                    + " bins start at " + binStarts[0] + " s .. " + binStarts[binStarts.length - 1] + " s every "
                    + binSeconds + " s");
        }
        return bins;
    }

    public String describeConditions() {
        StringBuilder sb = new StringBuilder();
        conditions().forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append("'").append(k).append("' (")
                .append(v).append(" trials)"));
        return sb.isEmpty() ? "(none)" : sb.toString();
    }
}
