package org.apical.residual;

/**
 * The P+/P− sign flip of one regressor. {@code contrast = meanPlus − meanMinus}; {@code pRoleLabels} permutes
 * which neurons are called P+ and P− (does the role matter?); {@code pShift} shifts the task timeline (is there
 * any role-dependent coupling at all?). {@code flipped}: the group means have opposite signs and
 * {@code pRoleLabels < alpha}. NaN p when either group has no fitted neuron.
 */
public record SignFlip(String regressor, int plusNeurons, int minusNeurons, double meanPlus, double meanMinus,
                       double contrast, double pRoleLabels, double pShift, boolean flipped) {}
