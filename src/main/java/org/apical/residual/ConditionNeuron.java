package org.apical.residual;

/** One neuron's measures in the two conditions (NaN where it is absent or unfitted in one). */
public record ConditionNeuron(String neuron, int role, int eventsA, int eventsB, double residualSdA,
                              double residualSdB, double r2A, double r2B) {}
