package org.apical.information;

import java.util.ArrayList;
import java.util.List;

/**
 * Information over time within the trial: windows of {@code binSeconds} (e.g. 50 ms or 200 ms) starting every
 * {@code stepSeconds} (step = bin: adjacent bins; step &lt; bin: sliding windows), each window's responses
 * averaged over the data's own bins inside it, then estimated like any two-condition comparison.
 */
public final class TimeResolvedAnalysis {
    private TimeResolvedAnalysis() {}

    public static List<double[]> windows(PopulationTrials data, double binSeconds, double stepSeconds) {
        double eps = 1e-9;
        if (!(binSeconds > 0) || !(stepSeconds > 0)) {
            throw new InformationException("time bin and step must be > 0 s (got bin " + binSeconds + ", step "
                    + stepSeconds + ")");
        }
        if (binSeconds < data.binSeconds() - eps) {
            throw new InformationException(data.source() + ": a " + ms(binSeconds) + " bin is finer than the data's "
                    + ms(data.binSeconds()) + " resolution");
        }
        for (double[] v : new double[][] {{binSeconds}, {stepSeconds}}) {
            double ratio = v[0] / data.binSeconds();
            if (Math.abs(ratio - Math.round(ratio)) > 1e-6 * Math.max(1, ratio)) {
                throw new InformationException(data.source() + ": time bins and steps must be whole multiples of the"
                        + " data's " + ms(data.binSeconds()) + " resolution (got " + ms(v[0]) + "), or windows would"
                        + " hold different numbers of samples");
            }
        }
        double start = data.binStarts()[0], end = data.end();
        if (binSeconds > end - start + eps) {
            throw new InformationException(data.source() + ": a " + ms(binSeconds) + " bin is longer than the trial ("
                    + ms(end - start) + ")");
        }
        List<double[]> out = new ArrayList<>();
        for (int k = 0; ; k++) {
            double from = start + k * stepSeconds;
            if (from + binSeconds > end + eps) break;
            out.add(new double[] {from, from + binSeconds});
        }
        return out;
    }

    /**
     * @param bootstrap replicates per window (0: no intervals). When the population is too large for the trials
     *                  (T_a + T_b ≤ N + 3) a window reports I_shuffle only (I_real fields NaN, no intervals).
     */
    public static List<TimeBinResult> of(PopulationTrials data, String conditionA, String conditionB, double deltaS,
                                         double binSeconds, double stepSeconds, int bootstrap, double level, long seed) {
        List<TimeBinResult> out = new ArrayList<>();
        for (double[] w : windows(data, binSeconds, stepSeconds)) {
            TrialMatrix a = data.window(conditionA, w[0], w[1]), b = data.window(conditionB, w[0], w[1]);
            InformationEstimate e;
            BootstrapIntervals ci = null;
            try {
                PopulationMoments m = PopulationMoments.of(a, b);
                if (FisherInformation.enoughTrials(m)) {
                    e = FisherInformation.of(m, deltaS);
                    if (bootstrap > 0) ci = Bootstrap.intervals(a, b, deltaS, bootstrap, level, seed);
                } else {
                    e = FisherInformation.shuffledOnly(m, deltaS);
                }
            } catch (InformationException ex) {
                throw new InformationException("window " + ms(w[0]) + " – " + ms(w[1]) + ": " + ex.getMessage());
            }
            out.add(new TimeBinResult(w[0], w[1], e, ci));
        }
        return out;
    }

    static String ms(double seconds) { return Math.round(seconds * 1e4) / 10.0 + " ms"; }
}
