package org.apical.config;

/**
 * The embedded simulated rig: population size, ensembles it drives, rates, noise, learning, seed; and how much the
 * light shrinks the dendritic residuals ({@code light_residual_scale}: ρ is multiplied by it while the light is on,
 * 1 = no effect), the known answer of the light-on/off residual comparison.
 */
public record SimSection(int neurons, double rateHz, long seed, int[] plus, int[] minus, double learningRate,
                         double noise, double residualGain, boolean anaesthesia, String output,
                         double lightResidualScale) {
    /** {@code output: counts}: one sample per frame (fluorescence or spike counts), at rate_hz. */
    public static final String COUNTS = "counts";
    /** {@code output: events}: one sample per spike (the unit id), stamped with the spike's time, irregular rate. */
    public static final String EVENTS = "events";

    /** Counts, without a light effect (callers written before events and the light existed). */
    public SimSection(int neurons, double rateHz, long seed, int[] plus, int[] minus, double learningRate,
                      double noise, double residualGain, boolean anaesthesia) {
        this(neurons, rateHz, seed, plus, minus, learningRate, noise, residualGain, anaesthesia, COUNTS, 1.0);
    }

    public boolean events() { return EVENTS.equals(output); }

    public SimSection withSeed(long newSeed) {
        return new SimSection(neurons, rateHz, newSeed, plus, minus, learningRate, noise, residualGain, anaesthesia,
                output, lightResidualScale);
    }

    /** @param defaultOutput what {@code output} is when the file does not say (events for a spike-event rig) */
    static SimSection read(ConfigNode n, String defaultOutput) {
        int neurons = n.integer("neurons", 50, 2, 100_000);
        double rate = n.number("rate_hz", 30, 1, 100_000);
        long seed = n.longInteger("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        int[] plus = n.intList("plus", new int[] {0, 1, 2, 3, 4}, 0, 99_999);
        int[] minus = n.intList("minus", new int[] {5, 6, 7, 8, 9}, 0, 99_999);
        double learning = n.number("learning_rate", 0.08, 0, 1);
        double noise = n.number("noise", 0.05, 0, 10);
        double residualGain = n.number("residual_gain", 0.5, 0, 10);
        boolean anaesthesia = n.bool("anaesthesia", false);
        String output = n.choice("output", defaultOutput, COUNTS, EVENTS);
        double lightScale = n.number("light_residual_scale", 0.3, 0, 1);
        for (int i : plus) if (i >= neurons) n.problem("plus", "neuron " + i + " does not exist (neurons: " + neurons + ")");
        for (int i : minus) if (i >= neurons) n.problem("minus", "neuron " + i + " does not exist (neurons: " + neurons + ")");
        n.finish();
        return new SimSection(neurons, rate, seed, plus, minus, learning, noise, residualGain, anaesthesia, output,
                lightScale);
    }
}
