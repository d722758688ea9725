package org.apical.residual;

/**
 * One per-neuron measure compared between two conditions.
 *
 * @param measure    {@code residual_sd}, {@code network_r2} or {@code network_explained_sd}
 * @param neurons    neurons in the test (pairs when paired, else both samples together)
 * @param difference B − A: the median of per-neuron differences when paired, the difference of medians if not
 * @param ratio      B / A likewise (NaN when A's value is not positive)
 * @param p          two-sided: Wilcoxon signed-rank (paired) or rank-sum (unpaired), by permutation
 * @param test       {@code signed-rank} or {@code rank-sum}
 */
public record MeasureComparison(String measure, int neurons, boolean paired, double medianA, double medianB,
                                double difference, double ratio, double p, String test) {}
