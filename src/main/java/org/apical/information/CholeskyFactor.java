package org.apical.information;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * {@code S = L Lᵀ} of a covariance, for solves ({@code S⁻¹ f} by two triangular solves, never an explicit
 * inverse). Refuses a matrix that is not (numerically) positive definite and says which neuron is the
 * problem: {@code L_ii² / S_ii} is the fraction of neuron i's variance not explained by the neurons before it,
 * so a tiny value means neuron i is (nearly) a linear combination of others.
 */
public final class CholeskyFactor {
    /** Below this unexplained-variance fraction a neuron is treated as a duplicate of others. */
    static final double MIN_UNEXPLAINED = 1e-10;

    private final int n;
    private final double[] lower;

    private CholeskyFactor(int n, double[] lower) { this.n = n; this.lower = lower; }

    /** @param what names the matrix in error messages, e.g. "pooled covariance of conditions 'A' and 'B'" */
    public static CholeskyFactor of(double[] covariance, int n, String what) {
        DMatrixRMaj s = new DMatrixRMaj(n, n);
        System.arraycopy(covariance, 0, s.data, 0, n * n);
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, true);
        if (!chol.decompose(s)) {
            throw new InformationException("the " + what + " (" + n + " neurons) is not positive definite: some"
                    + " neurons are linear combinations of others or constant; drop duplicated or dead channels,"
                    + " or use more trials than neurons");
        }
        double[] l = chol.getT(null).data;
        for (int i = 0; i < n; i++) {
            double d = l[i * n + i];
            double v = covariance[i * n + i];
            if (!(d * d > MIN_UNEXPLAINED * v) || !Double.isFinite(d)) {
                throw new InformationException("the " + what + " (" + n + " neurons) is not positive definite:"
                        + " neuron " + i + " is (nearly) a linear combination of the neurons before it"
                        + " (unexplained variance fraction " + (d * d / v) + "); drop duplicated channels or use"
                        + " more trials than neurons");
            }
        }
        return new CholeskyFactor(n, l);
    }

    /** {@code S⁻¹ f} (f is not modified). */
    public double[] solve(double[] f) {
        double[] x = f.clone();
        TriangularSolver_DDRM.solveL(lower, x, n);
        TriangularSolver_DDRM.solveTranL(lower, x, n);
        return x;
    }

    /** {@code fᵀ S⁻¹ f = ‖L⁻¹ f‖²} (one triangular solve). */
    public double quadraticForm(double[] f) {
        double[] y = f.clone();
        TriangularSolver_DDRM.solveL(lower, y, n);
        double s = 0;
        for (double v : y) s += v * v;
        return s;
    }

    /** {@code L z}: turns independent standard normals into a draw with covariance S. */
    public double[] multiply(double[] z) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            int o = i * n;
            for (int k = 0; k <= i; k++) s += lower[o + k] * z[k];
            out[i] = s;
        }
        return out;
    }

    /** The lower factor, row-major (a copy). */
    public double[] lower() { return lower.clone(); }

    public int size() { return n; }
}
