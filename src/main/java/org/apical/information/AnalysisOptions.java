package org.apical.information;

/**
 * What one information analysis of a session computes.
 *
 * @param conditionA     label of the first set of trials (s₁)
 * @param conditionB     label of the second (s₂ = s₁ + δs)
 * @param deltaS         δs (1 when the conditions are labels rather than stimulus values: I·δs² = d′²)
 * @param windowFrom     start of the main analysis window, s from trial onset (NaN: first bin)
 * @param windowTo       end of the main window (NaN: end of the trial)
 * @param binSeconds     time-resolved bin width (NaN: no time-resolved analysis)
 * @param stepSeconds    step between time-resolved windows (= bin: adjacent; &lt; bin: sliding)
 * @param bootstrap      bootstrap replicates (0: no intervals)
 * @param level          confidence level of the intervals
 * @param cvFolds        cross-validation folds (0: no cross-validated estimate)
 * @param distanceBinUm  distance bin width for the pairwise analysis (used when ROI positions are known)
 * @param seed           seeds the bootstrap and the fold assignment
 */
public record AnalysisOptions(String conditionA, String conditionB, double deltaS, double windowFrom,
                              double windowTo, double binSeconds, double stepSeconds, int bootstrap, double level,
                              int cvFolds, double distanceBinUm, long seed) {
    public AnalysisOptions {
        if (conditionA.equals(conditionB)) {
            throw new InformationException("the two conditions must differ (both are '" + conditionA + "')");
        }
        if (bootstrap < 0 || cvFolds < 0) throw new InformationException("bootstrap and folds must be ≥ 0");
    }
}
