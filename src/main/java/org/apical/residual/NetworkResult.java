package org.apical.residual;

import java.util.List;

/**
 * Finding 2 for one recording.
 *
 * @param predictorKind     {@code channels} (every other neuron's soma and dendrite channel) or
 *                          {@code principal components} (of all paired channels, the neuron's own channels'
 *                          values excluded from its scores)
 * @param predictors        predictors per neuron
 * @param shiftFrames       the circular shifts of the control, in frames
 * @param medianR2          over fitted neurons
 * @param medianR2Control   over fitted neurons
 * @param pAboveControl     signed-rank test across fitted neurons that R² exceeds its control (two-sided)
 */
public record NetworkResult(String condition, List<NeuronNetworkFit> neurons, String predictorKind, int predictors,
                            int[] shiftFrames, double medianR2, double medianR2Control, double pAboveControl,
                            NetworkOptions options) {
    public NetworkResult { neurons = List.copyOf(neurons); }

    public static final String CHANNELS = "channels";
    public static final String COMPONENTS = "principal components";
}
