package org.apical.information;

/**
 * The estimators of docs/information.md. With {@code ν = T_a + T_b − 2} degrees of freedom of the pooled
 * covariance S and {@code f′ = (μ_b − μ_a) / δs}:
 * <ul>
 * <li>{@code I_real,naive = f′ᵀ S⁻¹ f′} (Cholesky solve, never an explicit inverse);</li>
 * <li>{@code I_real,bc = I_real,naive · (ν − N − 1) / ν − N (1/T_a + 1/T_b) / δs²} — Kanitscheider et al. 2015,
 *     which for equal counts is {@code (2T − N − 3)/(2T − 2)} and {@code 2N / (T δs²)};</li>
 * <li>{@code I_shuffle,naive = Σ f′ᵢ² / Sᵢᵢ}, {@code I_shuffle,bc} = the N = 1 correction per neuron, summed.</li>
 * </ul>
 * The correction is exact in expectation for Gaussian responses (the mean and covariance estimates are then
 * independent, and {@code E[S⁻¹] = ν/(ν − N − 1) Σ⁻¹}).
 */
public final class FisherInformation {
    private FisherInformation() {}

    public static InformationEstimate estimate(TrialMatrix a, TrialMatrix b, double deltaS) {
        return of(PopulationMoments.of(a, b), deltaS);
    }

    public static InformationEstimate of(PopulationMoments m, double deltaS) {
        checkDeltaS(deltaS);
        int n = m.neurons();
        int nu = m.dof();
        if (nu - n - 1 <= 0) {
            throw new InformationException("too few trials for " + n + " neurons: conditions '" + m.labelA() + "' ("
                    + m.trialsA() + " trials) and '" + m.labelB() + "' (" + m.trialsB()
                    + ") give T_a + T_b = " + (m.trialsA() + m.trialsB()) + ", the bias-corrected estimate needs"
                    + " more than N + 3 = " + (n + 3) + " (use fewer neurons, more trials, or the cross-validated"
                    + " estimate)");
        }
        double[] f = m.tuningDerivative(deltaS);
        double shuffleNaive = 0;
        for (int i = 0; i < n; i++) {
            double v = m.variance(i);
            if (!(v > 0)) {
                throw new InformationException("neuron " + i + " has zero variance within conditions '" + m.labelA()
                        + "' and '" + m.labelB() + "' (a constant channel carries no usable information; drop it)");
            }
            shuffleNaive += f[i] * f[i] / v;
        }
        double realNaive = quadraticForm(m, f);
        double finite = n * (1.0 / m.trialsA() + 1.0 / m.trialsB()) / (deltaS * deltaS);
        double realCorrected = realNaive * (nu - n - 1) / nu - finite;
        double shuffleCorrected = shuffleNaive * (nu - 2) / nu - finite;
        return new InformationEstimate(n, m.trialsA(), m.trialsB(), deltaS, realNaive, realCorrected,
                shuffleNaive, shuffleCorrected);
    }

    /** {@code f′ᵀ S⁻¹ f′} by Cholesky; a clear error when S is not positive definite. */
    static double quadraticForm(PopulationMoments m, double[] f) {
        return CholeskyFactor.of(m.covariance(), m.neurons(), "pooled covariance of conditions '" + m.labelA()
                + "' and '" + m.labelB() + "'").quadraticForm(f);
    }

    static void checkDeltaS(double deltaS) {
        if (!(Double.isFinite(deltaS) && deltaS != 0)) {
            throw new InformationException("δs must be a finite non-zero number (got " + deltaS + ")");
        }
    }
}
