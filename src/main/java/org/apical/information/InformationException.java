package org.apical.information;

/**
 * Input the estimators cannot work with (too few trials, mismatched neuron counts, NaN, a covariance that is not
 * positive definite). The message names the condition, trial or neuron and what is wrong; commands turn it into
 * a user error.
 */
public final class InformationException extends RuntimeException {
    public InformationException(String message) { super(message); }
}
