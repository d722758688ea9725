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
        if (!enoughTrials(m)) {
            throw new InformationException("too few trials for " + n + " neurons: conditions '" + m.labelA() + "' ("
                    + m.trialsA() + " trials) and '" + m.labelB() + "' (" + m.trialsB()
                    + ") give T_a + T_b = " + (m.trialsA() + m.trialsB()) + ", the bias-corrected I_real needs"
                    + " more than N + 3 = " + (n + 3) + " (use fewer neurons or more trials; the cross-validated"
                    + " estimate works with fewer)");
        }
        double[] f = m.tuningDerivative(deltaS);
        double shuffleNaive = shuffleNaive(m, f);
        double realNaive = quadraticForm(m, f);
        double finite = finiteTerm(m, deltaS);
        double realCorrected = realNaive * (nu - n - 1) / nu - finite;
        double shuffleCorrected = shuffleNaive * (nu - 2) / nu - finite;
        return new InformationEstimate(n, m.trialsA(), m.trialsB(), deltaS, realNaive, realCorrected,
                shuffleNaive, shuffleCorrected);
    }

    /** Whether {@code T_a + T_b > N + 3}, i.e. the bias-corrected I_real is defined. */
    public static boolean enoughTrials(PopulationMoments m) { return m.dof() - m.neurons() - 1 > 0; }

    /**
     * I_shuffle alone (naive and corrected; the I_real fields and so the redundancy are NaN), for a population
     * too large for its trials: the per-neuron estimate only needs {@code T_a + T_b > 4}.
     */
    public static InformationEstimate shuffledOnly(PopulationMoments m, double deltaS) {
        checkDeltaS(deltaS);
        int nu = m.dof();
        if (nu <= 2) throw new InformationException("too few trials: I_shuffle needs T_a + T_b > 4");
        double naive = shuffleNaive(m, m.tuningDerivative(deltaS));
        return new InformationEstimate(m.neurons(), m.trialsA(), m.trialsB(), deltaS, Double.NaN, Double.NaN, naive,
                naive * (nu - 2) / nu - finiteTerm(m, deltaS));
    }

    private static double finiteTerm(PopulationMoments m, double deltaS) {
        return m.neurons() * (1.0 / m.trialsA() + 1.0 / m.trialsB()) / (deltaS * deltaS);
    }

    private static double shuffleNaive(PopulationMoments m, double[] f) {
        double s = 0;
        for (int i = 0; i < m.neurons(); i++) {
            double v = m.variance(i);
            if (!(v > 0)) {
                throw new InformationException("neuron " + i + " has zero variance within conditions '" + m.labelA()
                        + "' and '" + m.labelB() + "' (a constant channel carries no usable information; drop it)");
            }
            s += f[i] * f[i] / v;
        }
        return s;
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
