package org.apical.sim;

import java.util.SplittableRandom;
import org.apical.information.CholeskyFactor;
import org.apical.information.RoiPositions;

/**
 * The coupled-population model of docs/information.md: {@code r = f(s) + ε + A·u}, with private noise
 * {@code ε ~ N(0, σ² I)}, shared (spine) input {@code u = s·g + η}, {@code η ~ N(0, C_u)}, and the coupling
 * matrix {@code A = diag(self) + lateral}. The stimulus reaches the neurons through the input, so the tuning
 * derivative is {@code f′ = A g} (self-coupling scales a neuron's own tuning up, lateral coupling adds its
 * neighbours') and the covariance is {@code C = σ² I + A C_u Aᵀ}. Lateral links are made only between co-tuned
 * neighbours (co-activation), with weight {@code ∝ exp(−d / length)}, so they add variability along the tuning
 * direction: I_real stays bounded by the input's information {@code gᵀ C_u⁻¹ g} while I_shuffle grows.
 *
 * @param self      diagonal of A (length N)
 * @param lateral   off-diagonal part of A, row-major N × N, zero diagonal
 * @param sharedCov C_u, row-major N × N
 */
public record CoupledPopulation(int neurons, RoiPositions positions, double[] inputTuning, double[] self,
                                double[] lateral, double[] sharedCov, double privateSd) {

    /** Positions, tuning and coupling drawn from {@code spec.seed()}. */
    public static CoupledPopulation of(CoupledSpec spec) {
        int n = spec.neurons();
        SplittableRandom rng = new SplittableRandom(spec.seed());
        double[] x = new double[n], y = new double[n], g = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble() * spec.fieldUm();
            y[i] = rng.nextDouble() * spec.fieldUm();
            double mag = spec.inputTuning() * Math.max(0.05, 1 + spec.tuningSpread() * rng.nextGaussian());
            g[i] = (i < Math.round(spec.positiveFraction() * n) ? 1 : -1) * mag;
        }
        RoiPositions pos = new RoiPositions(x, y);
        double[] kernel = new double[n * n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                if (k == i || Math.signum(g[i]) != Math.signum(g[k])) continue;
                double d = pos.distance(i, k);
                if (d > spec.cutoffUm()) continue;
                double w = Math.exp(-d / spec.lengthUm());
                kernel[i * n + k] = w;
                total += w;
            }
        }
        double scale = total > 0 ? spec.lateralCoupling() * n / total : 0; // mean row sum = lateralCoupling
        for (int i = 0; i < kernel.length; i++) kernel[i] *= scale;
        double[] self = new double[n];
        java.util.Arrays.fill(self, spec.selfCoupling());
        double[] cu = new double[n * n];
        for (int i = 0; i < n; i++) cu[i * n + i] = spec.sharedSd() * spec.sharedSd();
        return new CoupledPopulation(n, pos, g, self, kernel, cu, spec.privateSd());
    }

    /** The same population with the lateral links scaled by {@code factor} (within-trial build-up, learning). */
    public CoupledPopulation withLateralScaled(double factor) {
        double[] l = lateral.clone();
        for (int i = 0; i < l.length; i++) l[i] *= factor;
        return new CoupledPopulation(neurons, positions, inputTuning, self, l, sharedCov, privateSd);
    }

    /** The same population with self-coupling {@code s} on every neuron. */
    public CoupledPopulation withSelf(double s) {
        double[] d = new double[neurons];
        java.util.Arrays.fill(d, s);
        return new CoupledPopulation(neurons, positions, inputTuning, d, lateral, sharedCov, privateSd);
    }

    /** A, row-major N × N. */
    public double[] coupling() {
        double[] a = lateral.clone();
        for (int i = 0; i < neurons; i++) a[i * neurons + i] += self[i];
        return a;
    }

    /** {@code f′ = A g}. */
    public double[] tuningDerivative() {
        double[] a = coupling();
        double[] f = new double[neurons];
        for (int i = 0; i < neurons; i++) {
            double s = 0;
            for (int k = 0; k < neurons; k++) s += a[i * neurons + k] * inputTuning[k];
            f[i] = s;
        }
        return f;
    }

    /** {@code C = σ² I + A C_u Aᵀ}, row-major. */
    public double[] covariance() {
        int n = neurons;
        double[] a = coupling();
        double[] acu = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double aik = a[i * n + k];
                if (aik == 0) continue;
                for (int j = 0; j < n; j++) acu[i * n + j] += aik * sharedCov[k * n + j];
            }
        }
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += acu[i * n + k] * a[j * n + k];
                c[i * n + j] = s;
                c[j * n + i] = s;
            }
            c[i * n + i] += privateSd * privateSd;
        }
        return c;
    }

    /** Exact {@code I_real = f′ᵀ C⁻¹ f′} and {@code I_shuffle = Σ f′ᵢ² / Cᵢᵢ}. */
    public CoupledTruth exact() {
        double[] f = tuningDerivative();
        double[] c = covariance();
        double real = CholeskyFactor.of(c, neurons, "model covariance").quadraticForm(f);
        double shuffle = 0;
        for (int i = 0; i < neurons; i++) shuffle += f[i] * f[i] / c[i * neurons + i];
        return new CoupledTruth(real, shuffle);
    }

    /** The information the shared input itself carries, {@code gᵀ C_u⁻¹ g}: no coupling can exceed it. */
    public double inputInformation() {
        return CholeskyFactor.of(sharedCov, neurons, "shared input covariance").quadraticForm(inputTuning);
    }
}
