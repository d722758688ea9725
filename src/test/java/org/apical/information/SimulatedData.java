package org.apical.information;

import java.util.SplittableRandom;
import org.apical.sim.CoupledPopulation;
import org.apical.sim.CoupledSampler;
import org.apical.sim.CoupledSpec;

/** Two conditions drawn from a coupled population (s = 0 and s = 1), for tests with a known truth. */
record SimulatedData(CoupledPopulation population, TrialMatrix a, TrialMatrix b) {
    static SimulatedData draw(CoupledSpec spec, int trials, long seed) {
        return draw(CoupledPopulation.of(spec), trials, seed);
    }

    static SimulatedData draw(CoupledPopulation pop, int trials, long seed) {
        CoupledSampler sampler = new CoupledSampler(pop);
        SplittableRandom rng = new SplittableRandom(seed);
        return new SimulatedData(pop, sampler.sample("A", 0, trials, rng), sampler.sample("B", 1, trials, rng));
    }
}
