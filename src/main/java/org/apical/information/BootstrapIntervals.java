package org.apical.information;

/**
 * Percentile bootstrap intervals of the bias-corrected I_real, I_shuffle and I_redundancy: trials are resampled
 * with replacement within each condition, {@code replicates} times, from a seeded generator.
 */
public record BootstrapIntervals(Interval real, Interval shuffle, Interval redundancy, int replicates, long seed) {}
