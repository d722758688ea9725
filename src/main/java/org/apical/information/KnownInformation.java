package org.apical.information;

/** Exact information from a model (simulated data), reported next to the estimates. Units 1/δs². */
public record KnownInformation(double real, double shuffle) {
    public double redundancy() { return shuffle - real; }
}
