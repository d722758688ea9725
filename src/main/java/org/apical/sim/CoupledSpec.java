package org.apical.sim;

/**
 * The knobs of a coupled population ({@link CoupledPopulation}); all responses in arbitrary units.
 *
 * @param neurons         population size N
 * @param fieldUm         neurons are placed uniformly in a square field of this side (µm)
 * @param inputTuning     mean |gᵢ|: how strongly the shared input uᵢ of neuron i follows the stimulus
 * @param tuningSpread    relative spread of |gᵢ| (0 = all equal)
 * @param positiveFraction fraction of neurons whose input rises with s (the rest fall)
 * @param privateSd       σ, the neuron's own noise ε ~ N(0, σ²)
 * @param sharedSd        σ_u, the shared input noise (C_u = σ_u² I)
 * @param selfCoupling    diagonal of A
 * @param lateralCoupling total lateral weight a neuron receives from its co-tuned neighbours (row sum of the
 *                        off-diagonal part of A, on average)
 * @param lengthUm        lateral coupling falls off as exp(−d / lengthUm) with inter-neuron distance d
 * @param cutoffUm        no lateral coupling beyond this distance (keeps A sparse for large N)
 * @param seed            positions and tuning are drawn from this seed
 */
public record CoupledSpec(int neurons, double fieldUm, double inputTuning, double tuningSpread, double positiveFraction,
                          double privateSd, double sharedSd, double selfCoupling, double lateralCoupling,
                          double lengthUm, double cutoffUm, long seed) {

    public CoupledSpec {
        if (neurons < 1) throw new IllegalArgumentException("neurons must be ≥ 1, got " + neurons);
        if (!(privateSd > 0)) throw new IllegalArgumentException("privateSd must be > 0, got " + privateSd);
        if (!(sharedSd >= 0)) throw new IllegalArgumentException("sharedSd must be ≥ 0, got " + sharedSd);
        if (!(lengthUm > 0) || !(fieldUm > 0)) throw new IllegalArgumentException("lengths must be > 0");
    }

    /** The defaults used by {@code apical analyze information --simulate coupled}. */
    public static CoupledSpec defaults(int neurons, long seed) {
        return new CoupledSpec(neurons, 500 * Math.sqrt(neurons / 50.0), 0.3, 0.3, 0.5, 1.0, 1.0, 1.0, 1.0,
                100.0, 300.0, seed);
    }

    public CoupledSpec withCoupling(double self, double lateral) {
        return new CoupledSpec(neurons, fieldUm, inputTuning, tuningSpread, positiveFraction, privateSd, sharedSd,
                self, lateral, lengthUm, cutoffUm, seed);
    }

    public CoupledSpec withLength(double length, double cutoff) {
        return new CoupledSpec(neurons, fieldUm, inputTuning, tuningSpread, positiveFraction, privateSd, sharedSd,
                selfCoupling, lateralCoupling, length, cutoff, seed);
    }
}
