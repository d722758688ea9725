package org.apical.residual;

/**
 * Finding 3 for one neuron: OLS coefficients of its z-scored residuals on the task regressors
 * ({@link TaskEncoding#REGRESSORS}, same order), in residual SDs per unit of regressor, with permutation
 * p-values. A regressor left out of this neuron's fit (too rare among its events) has NaN for both.
 *
 * @param residualSd the SD of its residuals (the unit of the coefficients)
 * @param note       why there is no fit, or empty
 */
public record NeuronTaskFit(int pair, String neuron, int role, int events, double residualSd, double[] coefficients,
                            double[] p, String note) {}
