package org.apical.information;

import java.util.ArrayList;
import java.util.List;

/**
 * Information sharing against inter-neuron distance. For every pair (i, j) of neurons the two-neuron estimates
 * are computed from the same pooled moments as the population estimate:
 * <pre>
 *   I_shuffle,ij = f′ᵢ²/Sᵢᵢ + f′ⱼ²/Sⱼⱼ
 *   I_real,ij    = (Sⱼⱼ f′ᵢ² − 2 Sᵢⱼ f′ᵢ f′ⱼ + Sᵢᵢ f′ⱼ²) / (Sᵢᵢ Sⱼⱼ − Sᵢⱼ²)
 *   I_redundancy,ij = I_shuffle,ij − I_real,ij
 * </pre>
 * each bias-corrected as in {@link FisherInformation} (N = 2 for I_real, N = 1 per neuron for I_shuffle; the
 * finite-sample terms cancel in the redundancy). Pairs are binned by the distance between ROI centres and each
 * bin reports the mean pairwise redundancy (positive: the two neurons carry overlapping information, because
 * their noise is correlated along their signals), the mean I_shuffle and I_real and the mean noise correlation.
 * Cost O(N²) after the moments.
 */
public final class DistanceAnalysis {
    private DistanceAnalysis() {}

    /** @param binUm width of the distance bins; bins run from 0 to the largest pair distance */
    public static List<DistanceBin> of(PopulationMoments m, RoiPositions positions, double deltaS, double binUm) {
        FisherInformation.checkDeltaS(deltaS);
        if (!(binUm > 0)) throw new InformationException("distance bin width must be > 0 µm, got " + binUm);
        int n = m.neurons();
        if (positions.size() != n) {
            throw new InformationException(positions.size() + " ROI positions for " + n + " neurons");
        }
        if (n < 2) throw new InformationException("the distance analysis needs at least 2 neurons");
        int nu = m.dof();
        if (nu <= 3) throw new InformationException("too few trials for pairwise estimates (T_a + T_b must exceed 5)");
        double maxD = 0;
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) maxD = Math.max(maxD, positions.distance(i, j));
        int bins = Math.max(1, (int) Math.floor(maxD / binUm) + 1);
        long[] count = new long[bins];
        double[] dist = new double[bins], rho = new double[bins], shuf = new double[bins], real = new double[bins];
        double[] f = m.tuningDerivative(deltaS);
        double[] var = new double[n];
        for (int i = 0; i < n; i++) {
            var[i] = m.variance(i);
            if (!(var[i] > 0)) throw new InformationException("neuron " + i + " has zero variance");
        }
        double finite = (1.0 / m.trialsA() + 1.0 / m.trialsB()) / (deltaS * deltaS);
        double realScale = (nu - 3.0) / nu, shufScale = (nu - 2.0) / nu;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double d = positions.distance(i, j);
                int b = Math.min(bins - 1, (int) (d / binUm));
                double sij = m.covariance(i, j);
                double det = var[i] * var[j] - sij * sij;
                double shuffleNaive = f[i] * f[i] / var[i] + f[j] * f[j] / var[j];
                double realNaive = det > 0
                        ? (var[j] * f[i] * f[i] - 2 * sij * f[i] * f[j] + var[i] * f[j] * f[j]) / det
                        : Double.NaN; // two identical channels: skipped below
                if (Double.isNaN(realNaive)) continue;
                count[b]++;
                dist[b] += d;
                rho[b] += sij / Math.sqrt(var[i] * var[j]);
                shuf[b] += shuffleNaive * shufScale - 2 * finite;
                real[b] += realNaive * realScale - 2 * finite;
            }
        }
        List<DistanceBin> out = new ArrayList<>(bins);
        for (int b = 0; b < bins; b++) {
            double c = count[b];
            out.add(new DistanceBin(b * binUm, (b + 1) * binUm, (int) count[b],
                    c > 0 ? dist[b] / c : Double.NaN, c > 0 ? rho[b] / c : Double.NaN,
                    c > 0 ? shuf[b] / c : Double.NaN, c > 0 ? real[b] / c : Double.NaN,
                    c > 0 ? (shuf[b] - real[b]) / c : Double.NaN));
        }
        return out;
    }
}
