package org.apical.residual;

/**
 * One somatic event with its coincident dendritic amplitude and its residual under the neuron's fit.
 *
 * @param pair      the neuron (index into the pair arrays of {@link ResidualData})
 * @param frame     the frame of the somatic peak (index into {@link ResidualData#frameTimes()})
 * @param time      that frame's time (s)
 * @param predicted {@code a + b·soma} of the neuron's fit
 * @param residual  {@code dendrite − predicted} (positive: amplified, negative: attenuated)
 */
public record ResidualEvent(int pair, int frame, double time, double soma, double dendrite, double predicted,
                            double residual) {}
