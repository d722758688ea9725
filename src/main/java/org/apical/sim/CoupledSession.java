package org.apical.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apical.information.PopulationTrials;
import org.apical.information.Trial;

/**
 * A simulated session of a {@link CoupledPopulation}: two conditions, "A" at s = 0 and "B" at s = δs, each trial
 * a sequence of time bins. Within a trial the lateral coupling builds up as {@code 1 − exp(−t / buildUp)} (t the
 * bin's centre), the model's account of redundancy growing over hundreds of milliseconds; bins are drawn
 * independently given that coupling.
 */
public final class CoupledSession {
    public static final String CONDITION_A = "A";
    public static final String CONDITION_B = "B";

    private CoupledSession() {}

    /** Lateral coupling factor at time t (s) into the trial. */
    public static double buildUp(double t, double buildUpSeconds) {
        return buildUpSeconds <= 0 ? 1 : 1 - Math.exp(-t / buildUpSeconds);
    }

    public static PopulationTrials simulate(String source, CoupledPopulation pop, int trialsPerCondition,
                                            double deltaS, double binSeconds, double trialSeconds,
                                            double buildUpSeconds, long seed) {
        int bins = Math.max(1, (int) Math.round(trialSeconds / binSeconds));
        int n = pop.neurons();
        double[] starts = new double[bins];
        CoupledSampler[] samplers = new CoupledSampler[bins];
        for (int b = 0; b < bins; b++) {
            starts[b] = b * binSeconds;
            samplers[b] = new CoupledSampler(pop.withLateralScaled(buildUp(starts[b] + binSeconds / 2, buildUpSeconds)));
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] xi = new double[n];
        List<Trial> trials = new ArrayList<>(2 * trialsPerCondition);
        for (int t = 0; t < 2 * trialsPerCondition; t++) {
            boolean b = (t & 1) == 1; // interleaved, as in an experiment
            double[] v = new double[bins * n];
            for (int k = 0; k < bins; k++) samplers[k].draw(b ? deltaS : 0, rng, xi, v, k * n);
            trials.add(new Trial(b ? CONDITION_B : CONDITION_A, Integer.toString(t), v));
        }
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) names.add("n" + i);
        return new PopulationTrials(source, names, starts, binSeconds, trials, pop.positions());
    }
}
