package org.apical.residual;

/**
 * One regressor's effect in one group of neurons (P+, P−, other): the mean of the neurons' coefficients, its
 * standard error across neurons, and a p-value from the same circular shifts of the task timeline applied to
 * every neuron at once (so correlations between neurons are kept in the null).
 */
public record GroupTaskEffect(String group, int role, String regressor, int neurons, double mean, double sem,
                              double p) {}
