package org.apical.information;

/**
 * Cross-validated linear Fisher information: the decoder is fitted on training folds and its discriminability
 * measured on held-out trials. A decoder fitted on finite data is never better than the optimal one, so this
 * estimate is conservative (at or below I_real), but it stays usable when N is large relative to T.
 *
 * @param corrected  held-out discriminability with the 1-D finite-sample correction (units 1/δs²)
 * @param naive      held-out d′² / δs² without correction
 * @param shrinkage  λ in {@code S_λ = (1 − λ) S + λ diag(S)} used to fit the decoder
 */
public record CrossValidatedEstimate(double corrected, double naive, int folds, double shrinkage) {}
