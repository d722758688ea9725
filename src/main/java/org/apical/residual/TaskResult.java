package org.apical.residual;

import java.util.List;

/** Finding 3 for one recording: per neuron, per group, and the sign flip per regressor. */
public record TaskResult(String condition, List<String> regressors, List<NeuronTaskFit> neurons,
                         List<GroupTaskEffect> groups, List<SignFlip> flips, int[] shiftFrames, TaskOptions options) {
    public TaskResult {
        regressors = List.copyOf(regressors);
        neurons = List.copyOf(neurons);
        groups = List.copyOf(groups);
        flips = List.copyOf(flips);
    }

    /** The index of a regressor by name. */
    public int regressor(String name) {
        int i = regressors.indexOf(name);
        if (i < 0) throw new IllegalArgumentException("no task regressor '" + name + "' (have " + regressors + ")");
        return i;
    }

    public SignFlip flip(String regressor) { return flips.get(regressor(regressor)); }
}
