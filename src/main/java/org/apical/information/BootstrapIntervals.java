package org.apical.information;

/**
 * Bootstrap intervals of the bias-corrected I_real, I_shuffle and I_redundancy: trials are resampled with
 * replacement within each condition, {@code replicates} times, from a seeded generator; the percentile interval
 * of the replicates is re-centred on the point estimate (see {@code Interval.centred}).
 */
public record BootstrapIntervals(Interval real, Interval shuffle, Interval redundancy, int replicates, long seed) {}
