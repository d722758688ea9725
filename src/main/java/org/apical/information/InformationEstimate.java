package org.apical.information;

/**
 * Linear Fisher information between two conditions, with correlations ({@code real}) and without
 * ({@code shuffle}, the diagonal of the covariance), each naive and bias-corrected. Units: 1/δs².
 */
public record InformationEstimate(int neurons, int trialsA, int trialsB, double deltaS,
                                  double realNaive, double realCorrected,
                                  double shuffleNaive, double shuffleCorrected) {

    /** {@code I_shuffle − I_real} from the naive estimates. */
    public double redundancyNaive() { return shuffleNaive - realNaive; }

    /** {@code I_shuffle − I_real} from the bias-corrected estimates (the finite-sample terms cancel). */
    public double redundancyCorrected() { return shuffleCorrected - realCorrected; }

    /** Fraction of the summed single-neuron information that is shared: redundancy / I_shuffle (corrected). */
    public double sharedFraction() { return redundancyCorrected() / shuffleCorrected; }
}
