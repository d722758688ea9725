package org.apical.residual;

/**
 * Finding 2 for one neuron: how well the other neurons' activity around its events predicts its residuals.
 *
 * @param events     events used (with a finite residual)
 * @param predictors predictors of the ridge (channels or components)
 * @param r2         cross-validated R² (may be negative); NaN when the neuron had too few events
 * @param r2Control  mean R² with the predictors taken at circularly shifted times
 * @param r2Shifts   the control R² of each shift
 * @param alpha      median ridge penalty chosen (multiple of the standardised Gram's diagonal)
 * @param note       why there is no fit, or empty
 */
public record NeuronNetworkFit(int pair, String neuron, int role, int events, int predictors, double r2,
                               double r2Control, double[] r2Shifts, double alpha, String note) {}
