package org.apical.residual;

/**
 * What the operator console shows of the residuals, per pair: the residual trace now, the last judged event's
 * residual, event counts by class, the line's slope. A fresh immutable copy a few times a second, never per frame.
 */
public record ResidualSnapshot(long frame, String[] neurons, int[] roles, double[] trace, double[] lastResidual,
                               int[] events, int[] amplified, int[] attenuated, double[] slope, boolean fitted) {}
