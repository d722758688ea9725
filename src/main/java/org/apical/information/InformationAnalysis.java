package org.apical.information;

import java.util.List;

/**
 * One session through every analysis the options ask for: main window, time-resolved, distance. When the
 * population is too large for the trials (T_a + T_b ≤ N + 3) and cross-validation is on, the session is still
 * analysed: I_real is then only the cross-validated value (the bias-corrected I_real and the redundancy are NaN,
 * no intervals), I_shuffle and the pairwise analysis are unaffected. With cross-validation off it is an error.
 */
public final class InformationAnalysis {
    private InformationAnalysis() {}

    public static SessionReport analyze(PopulationTrials data, AnalysisOptions o) {
        double from = Double.isNaN(o.windowFrom()) ? data.binStarts()[0] : o.windowFrom();
        double to = Double.isNaN(o.windowTo()) ? data.end() : o.windowTo();
        if (!(to > from)) throw new InformationException("analysis window must end after it starts (" + from + " – " + to + " s)");
        TrialMatrix a = data.window(o.conditionA(), from, to), b = data.window(o.conditionB(), from, to);
        PopulationMoments m = PopulationMoments.of(a, b);
        boolean full = FisherInformation.enoughTrials(m) || o.cvFolds() == 0;
        InformationEstimate e = full ? FisherInformation.of(m, o.deltaS()) : FisherInformation.shuffledOnly(m, o.deltaS());
        BootstrapIntervals ci = full && o.bootstrap() > 0
                ? Bootstrap.intervals(a, b, o.deltaS(), o.bootstrap(), o.level(), o.seed()) : null;
        CrossValidatedEstimate cv = o.cvFolds() > 0
                ? CrossValidatedInformation.estimate(a, b, o.deltaS(), o.cvFolds(), Double.NaN, o.seed()) : null;
        List<TimeBinResult> time = Double.isNaN(o.binSeconds()) ? List.of()
                : TimeResolvedAnalysis.of(data, o.conditionA(), o.conditionB(), o.deltaS(), o.binSeconds(),
                        o.stepSeconds(), o.bootstrap(), o.level(), o.seed());
        List<DistanceBin> distance = data.positions() == null || data.neurons() < 2 ? List.of()
                : DistanceAnalysis.of(m, data.positions(), o.deltaS(), o.distanceBinUm());
        return new SessionReport(data.source(), data.neurons(), from, to, e, ci, cv, time, distance, null, List.of());
    }
}
