package org.apical.sim;

/** The exact linear Fisher information of a coupled population (units 1/δs²). */
public record CoupledTruth(double real, double shuffle) {
    public double redundancy() { return shuffle - real; }
}
