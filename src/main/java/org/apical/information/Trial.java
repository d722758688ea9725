package org.apical.information;

/**
 * One trial of a population recording: its condition label, an identifier (trial number or name) for messages,
 * and the responses {@code values[bin * neurons + neuron]} on the recording's common time grid.
 */
public record Trial(String condition, String id, double[] values) {}
