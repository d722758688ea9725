package org.apical.residual;

import java.util.Map;

/**
 * One neuron's row of the offline statistics, findings 2 and 3 joined (what a JSON {@code neurons} entry or a
 * CSV row needs besides the fit itself).
 *
 * @param role         {@code plus}, {@code minus} or {@code none}
 * @param coefficients task coefficient per regressor name (in residual SDs), NaN where not fitted
 * @param p            its permutation p-value
 * @param note         why something is missing, or empty
 */
public record NeuronStatistics(int pair, String neuron, String role, int events, double residualSd, double networkR2,
                               double networkR2Control, int networkPredictors, Map<String, Double> coefficients,
                               Map<String, Double> p, String note) {}
