package org.apical.residual;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The optogenetic comparison of the study's Extended Data: per neuron the line D = a + b·S fitted on light-off
 * events only, and both groups' residuals against it — light-off events (the fit's own) and light-on events (held
 * out). A light that shrinks the dendritic residuals makes the light-on residuals' SD smaller than the light-off
 * ones'; one that shifts them moves their mean off 0. Tests across neurons, each neuron its own control:
 * Wilcoxon signed-rank on SD(on) − SD(off), and on the mean light-on residual against 0.
 *
 * <p>The light condition of each frame comes from the session's {@code light_condition on|off} markers
 * (ApicalEvents, written whenever a trial's condition differs from the last one).
 */
public final class LightComparison {
    /** The marker text a session writes when the light condition changes. */
    public static final String MARKER = "light_condition ";

    /** One neuron: events and residual SD in each condition, and the light-on events' mean residual. */
    public record Neuron(String neuron, int role, int offEvents, int onEvents, double slope, double intercept,
                         double offSd, double onSd, double onMean) {}

    /**
     * The comparison: neurons, medians of the SDs and their ratio (on / off), the signed-rank p of SD(on) − SD(off)
     * and of the light-on mean residual, and the frames in each condition.
     */
    public record Result(List<Neuron> neurons, int offFrames, int onFrames, int comparedNeurons, double medianOffSd,
                         double medianOnSd, double medianSdRatio, double pSd, double medianOnMean, double pOnMean) {}

    private LightComparison() {}

    /** Per frame: was the light condition on (false before the first marker, or where the file has none)? */
    public static boolean[] conditions(RecordedResiduals rec) {
        boolean[] on = new boolean[rec.frames()];
        double[] times = rec.times();
        boolean state = false;
        int from = 0;
        for (RecordedResiduals.Marker m : rec.markers()) {
            if (!m.text().startsWith(MARKER)) continue;
            int k = Arrays.binarySearch(times, m.time());
            k = k >= 0 ? k : -k - 1;
            for (int t = from; t < Math.min(k, on.length); t++) on[t] = state;
            from = Math.max(from, k);
            state = m.text().startsWith(MARKER + "on");
        }
        for (int t = from; t < on.length; t++) on[t] = state;
        return on;
    }

    /** True when the file holds both conditions (a session with light on some trials, off on others). */
    public static boolean applies(RecordedResiduals rec) {
        boolean[] on = conditions(rec);
        boolean any = false, all = true;
        for (boolean b : on) {
            any |= b;
            all &= b;
        }
        return any && !all;
    }

    public static Result run(RecordedResiduals rec, long seed) {
        boolean[] on = conditions(rec);
        var cfg = rec.settings();
        int n = rec.pairs().size();
        List<List<ResidualEvent>> byPair = new ArrayList<>();
        for (int p = 0; p < n; p++) byPair.add(new ArrayList<>());
        for (ResidualEvent e : rec.events()) {
            if (cfg.coincidentOnly() && !e.coincident()) continue;
            byPair.get(e.pair()).add(e);
        }
        List<Neuron> neurons = new ArrayList<>();
        List<Double> sdDiff = new ArrayList<>(), onMeans = new ArrayList<>(), offSds = new ArrayList<>(),
                onSds = new ArrayList<>(), ratios = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            PairFit off = new PairFit();
            for (ResidualEvent e : byPair.get(p)) if (!on[e.frame()]) off.addReference(e.soma(), e.dendrite());
            double noise = ResidualTracker.amplitudeNoiseVariance(rec.somaNoise()[p], cfg.smoothingFrames());
            boolean fitted = off.fitReference(cfg.minEvents(), cfg.robust(), noise);
            List<Double> rOff = new ArrayList<>(), rOn = new ArrayList<>();
            if (fitted) {
                for (ResidualEvent e : byPair.get(p)) {
                    double r = e.dendrite() - off.predict(e.soma());
                    if (!Double.isFinite(r)) continue;
                    (on[e.frame()] ? rOn : rOff).add(r);
                }
            }
            double sdOff = sd(rOff), sdOn = sd(rOn), meanOn = mean(rOn);
            neurons.add(new Neuron(rec.pairs().neurons()[p], rec.pairs().roles()[p], rOff.size(), rOn.size(),
                    off.slope(), off.intercept(), sdOff, sdOn, meanOn));
            if (rOff.size() >= cfg.minEvents() && rOn.size() >= cfg.minEvents()
                    && Double.isFinite(sdOff) && Double.isFinite(sdOn)) {
                sdDiff.add(sdOn - sdOff);
                offSds.add(sdOff);
                onSds.add(sdOn);
                if (sdOff > 0) ratios.add(sdOn / sdOff);
                onMeans.add(meanOn);
            }
        }
        int offFrames = 0;
        for (boolean b : on) if (!b) offFrames++;
        return new Result(List.copyOf(neurons), offFrames, on.length - offFrames, sdDiff.size(),
                RankTests.median(array(offSds)), RankTests.median(array(onSds)), RankTests.median(array(ratios)),
                RankTests.signedRank(array(sdDiff), seed), RankTests.median(array(onMeans)),
                RankTests.signedRank(array(onMeans), seed + 1));
    }

    private static double[] array(List<Double> v) { return v.stream().mapToDouble(Double::doubleValue).toArray(); }

    private static double mean(List<Double> v) {
        return v.isEmpty() ? Double.NaN : v.stream().mapToDouble(Double::doubleValue).sum() / v.size();
    }

    private static double sd(List<Double> v) {
        if (v.size() < 2) return Double.NaN;
        double m = mean(v), ss = 0;
        for (double x : v) ss += (x - m) * (x - m);
        return Math.sqrt(ss / (v.size() - 1));
    }
}
