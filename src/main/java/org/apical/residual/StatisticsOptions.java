package org.apical.residual;

/** Settings of the offline statistics: the network prediction's and the task encoding's. */
public record StatisticsOptions(NetworkOptions network, TaskOptions task) {
    public static StatisticsOptions defaults() { return new StatisticsOptions(NetworkOptions.defaults(), TaskOptions.defaults()); }

    /** The same seed for both parts. */
    public StatisticsOptions withSeed(long seed) { return new StatisticsOptions(network.withSeed(seed), task.withSeed(seed)); }
}
