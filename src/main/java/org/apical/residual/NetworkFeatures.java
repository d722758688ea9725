package org.apical.residual;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The predictors of finding 2: per event, the mean activity of the other neurons' soma and dendrite channels in
 * a window around the event frame. A neuron's own two channels never enter its predictors.
 *
 * <p>Every channel is centred on its mean over the recording, and a NaN (an unknown dF/F) counts as that mean, so
 * a gap neither breaks the window sums nor predicts anything. Window means come from prefix sums over time, so a
 * row costs the same at any frame, including the shifted frames of the control.
 *
 * <p>With few channels the channels are the predictors ({@link Channels}). With many (a 1,000-ROI session has
 * far more channels than a neuron has events), they are first reduced to the top principal components of the
 * z-scored window-mean activity of all paired channels ({@link Components}); each neuron's scores are the
 * projection of the OTHER channels only: the full projection minus its own two channels' part. The loadings are
 * computed once for all neurons (computing them without each neuron's channels would cost an eigendecomposition
 * per neuron); they use no residual, so the own channels' 2 of C loadings carry no information about the
 * response. The PCA is a seeded randomised SVD (range finder with two power iterations) of window means at up
 * to {@value #PCA_ROWS} evenly spaced frames, and the scores of every frame are one pass of T × C × K
 * multiply-adds.
 */
abstract sealed class NetworkFeatures permits NetworkFeatures.Channels, NetworkFeatures.Components {
    static final int PCA_ROWS = 4000;

    final int frames;
    final int before;
    final int after;
    /** The distinct paired channels, ascending; positions in it index every per-channel array below. */
    final int[] channels;
    /** Per pair: its soma's and dendrite's position in {@link #channels}. */
    final int[][] own;
    final double[] mean;
    /** Per pair: its event frames. */
    final int[][] eventFrames;
    /** The shifts rows are asked for: index 0 is the real alignment (shift 0), the rest the control's. */
    final int[] shifts;

    NetworkFeatures(ResidualData d, NetworkOptions o, int[][] eventFrames, int[] shifts) {
        this.eventFrames = eventFrames;
        this.shifts = shifts;
        frames = d.frames();
        before = (int) Math.round(-o.windowStart() * d.rateHz());
        after = (int) Math.round(o.windowEnd() * d.rateHz());
        TreeSet<Integer> set = new TreeSet<>();
        for (int i = 0; i < d.pairs(); i++) { set.add(d.pairSoma()[i]); set.add(d.pairDendrite()[i]); }
        channels = set.stream().mapToInt(Integer::intValue).toArray();
        own = new int[d.pairs()][];
        for (int i = 0; i < d.pairs(); i++) {
            own[i] = new int[] {Arrays.binarySearch(channels, d.pairSoma()[i]),
                    Arrays.binarySearch(channels, d.pairDendrite()[i])};
        }
        // row by row: the activity is [frame][channel], and a column walk would miss the cache on every frame
        int m = channels.length;
        double[] sum = new double[m];
        int[] count = new int[m];
        for (double[] row : d.activity()) {
            for (int j = 0; j < m; j++) {
                double v = row[channels[j]];
                if (Double.isFinite(v)) { sum[j] += v; count[j]++; }
            }
        }
        mean = new double[m];
        for (int j = 0; j < m; j++) mean[j] = count[j] > 0 ? sum[j] / count[j] : 0;
    }

    /**
     * @param eventFrames per pair, the frames of its events
     * @param shifts      the circular shifts (frames) rows will be asked for; {@code shifts[0]} should be 0
     */
    static NetworkFeatures of(ResidualData d, NetworkOptions o, int[][] eventFrames, int[] shifts) {
        TreeSet<Integer> set = new TreeSet<>();
        for (int i = 0; i < d.pairs(); i++) { set.add(d.pairSoma()[i]); set.add(d.pairDendrite()[i]); }
        return set.size() - 2 <= o.maxRawChannels() ? new Channels(d, o, eventFrames, shifts)
                : new Components(d, o, eventFrames, shifts);
    }

    abstract int predictors(int pair);

    abstract String kind();

    /** One row of predictors per event of {@code pair}, read at its frames shifted by {@code shifts[shift]}. */
    abstract double[][] rows(int pair, int shift);

    /** The frames of {@code pair}'s events moved by {@code shifts[shift]}, circularly. */
    int[] framesOf(int pair, int shift) {
        int[] f = eventFrames[pair].clone();
        for (int e = 0; e < f.length; e++) f[e] = (int) ((f[e] + (long) shifts[shift]) % frames);
        return f;
    }

    int lo(int frame) { return Math.max(0, frame - before); }

    int hi(int frame) { return Math.min(frames - 1, frame + after); }

    /** Centred value of channel position {@code j} at a frame; a NaN counts as the mean. */
    double centred(double[][] activity, int frame, int j) {
        double v = activity[frame][channels[j]];
        return Double.isFinite(v) ? v - mean[j] : 0;
    }

    /** Every other neuron's channels themselves. */
    static final class Channels extends NetworkFeatures {
        private final double[] prefix; // (frames + 1) × channels, row-major

        Channels(ResidualData d, NetworkOptions o, int[][] eventFrames, int[] shifts) {
            super(d, o, eventFrames, shifts);
            int m = channels.length;
            prefix = new double[(frames + 1) * m];
            double[][] a = d.activity();
            for (int t = 0; t < frames; t++) {
                int o0 = t * m, o1 = o0 + m;
                for (int j = 0; j < m; j++) prefix[o1 + j] = prefix[o0 + j] + centred(a, t, j);
            }
        }

        @Override int predictors(int pair) { return channels.length - 2; }

        @Override String kind() { return NetworkResult.CHANNELS; }

        @Override double[][] rows(int pair, int shift) {
            int[] eventFrames = framesOf(pair, shift);
            int m = channels.length, p = predictors(pair);
            double[][] rows = new double[eventFrames.length][p];
            for (int e = 0; e < eventFrames.length; e++) {
                int lo = lo(eventFrames[e]), hi = hi(eventFrames[e]);
                double inv = 1.0 / (hi - lo + 1);
                int a = lo * m, b = (hi + 1) * m, q = 0;
                for (int j = 0; j < m; j++) {
                    if (j == own[pair][0] || j == own[pair][1]) continue;
                    rows[e][q++] = (prefix[b + j] - prefix[a + j]) * inv;
                }
            }
            return rows;
        }
    }

    /** The top principal components of all paired channels, each neuron's own channels taken out of its scores. */
    static final class Components extends NetworkFeatures {
        private final int k;
        private final double[] scale;    // 1 / SD per channel position (0 for a constant channel)
        private final double[] loadings; // channels × k, row-major, for z-scored channels
        private final double[] prefix;   // (frames + 1) × k
        private final double[][] activity;
        /** [pair][shift][event × 2]: the z-scored window means of the pair's own soma and dendrite. */
        private final double[][][] ownMeans;

        Components(ResidualData d, NetworkOptions o, int[][] eventFrames, int[] shifts) {
            super(d, o, eventFrames, shifts);
            activity = d.activity();
            int m = channels.length;
            scale = new double[m];
            double[] squares = new double[m];
            for (int t = 0; t < frames; t++) {
                for (int j = 0; j < m; j++) { double c = centred(activity, t, j); squares[j] += c * c; }
            }
            for (int j = 0; j < m; j++) {
                double sd = Math.sqrt(squares[j] / frames);
                scale[j] = sd > 0 ? 1 / sd : 0;
            }
            DMatrixRMaj sample = sample();
            k = Math.min(o.components(), Math.min(m - 2, sample.numRows - 1));
            if (k < 1) throw new IllegalArgumentException("network prediction: too few frames for principal components");
            loadings = topRightSingularVectors(sample, k, new SplittableRandom(o.seed()));
            double[] scores = new double[frames * k];
            IntStream.range(0, (frames + 4095) / 4096).parallel().forEach(chunk -> {
                for (int t = chunk * 4096; t < Math.min(frames, chunk * 4096 + 4096); t++) {
                    int ot = t * k;
                    for (int j = 0; j < m; j++) {
                        double z = centred(activity, t, j) * scale[j];
                        if (z == 0) continue;
                        int oj = j * k;
                        for (int c = 0; c < k; c++) scores[ot + c] += z * loadings[oj + c];
                    }
                }
            });
            ownMeans = ownWindowMeans();
            prefix = new double[(frames + 1) * k];
            for (int t = 0; t < frames; t++) {
                int o0 = t * k, o1 = o0 + k;
                for (int c = 0; c < k; c++) prefix[o1 + c] = prefix[o0 + c] + scores[o0 + c];
            }
        }

        @Override int predictors(int pair) { return k; }

        @Override String kind() { return NetworkResult.COMPONENTS; }

        @Override double[][] rows(int pair, int shift) {
            int[] eventFrames = framesOf(pair, shift);
            double[][] rows = new double[eventFrames.length][k];
            double[] mine = ownMeans[pair][shift];
            int s = own[pair][0], dd = own[pair][1];
            for (int e = 0; e < eventFrames.length; e++) {
                int lo = lo(eventFrames[e]), hi = hi(eventFrames[e]);
                double inv = 1.0 / (hi - lo + 1);
                int a = lo * k, b = (hi + 1) * k;
                double[] row = rows[e];
                double zs = mine[2 * e], zd = mine[2 * e + 1];
                for (int c = 0; c < k; c++) {
                    row[c] = (prefix[b + c] - prefix[a + c]) * inv - zs * loadings[s * k + c] - zd * loadings[dd * k + c];
                }
            }
            return rows;
        }

        /**
         * The own channels' window means at every requested (pair, shift, event), in one sweep over the frames with
         * a sliding window sum per channel: reading them per event instead would jump between frame rows and miss
         * the cache on every read.
         */
        private double[][][] ownWindowMeans() {
            int pairs = eventFrames.length, m = channels.length;
            double[][][] out = new double[pairs][shifts.length][];
            int[] count = new int[frames + 1];
            for (int i = 0; i < pairs; i++) {
                for (int sh = 0; sh < shifts.length; sh++) {
                    out[i][sh] = new double[2 * eventFrames[i].length];
                    for (int f : framesOf(i, sh)) count[f + 1]++;
                }
            }
            for (int f = 0; f < frames; f++) count[f + 1] += count[f];
            int total = count[frames];
            int[] reqPair = new int[total], reqShift = new int[total], reqEvent = new int[total];
            int[] fill = count.clone();
            for (int i = 0; i < pairs; i++) {
                for (int sh = 0; sh < shifts.length; sh++) {
                    int[] f = framesOf(i, sh);
                    for (int e = 0; e < f.length; e++) {
                        int q = fill[f[e]]++;
                        reqPair[q] = i;
                        reqShift[q] = sh;
                        reqEvent[q] = e;
                    }
                }
            }
            double[] window = new double[m];
            int lo = 0, hi = -1; // the window sum currently covers [lo, hi]
            for (int t = 0; t < frames; t++) {
                int wantLo = lo(t), wantHi = hi(t);
                while (hi < wantHi) { hi++; for (int j = 0; j < m; j++) window[j] += centred(activity, hi, j); }
                while (lo < wantLo) { for (int j = 0; j < m; j++) window[j] -= centred(activity, lo, j); lo++; }
                double inv = 1.0 / (hi - lo + 1);
                for (int q = count[t]; q < count[t + 1]; q++) {
                    int i = reqPair[q];
                    double[] o = out[i][reqShift[q]];
                    int e = reqEvent[q];
                    o[2 * e] = window[own[i][0]] * inv * scale[own[i][0]];
                    o[2 * e + 1] = window[own[i][1]] * inv * scale[own[i][1]];
                }
            }
            return out;
        }

        /** z-scored window means of every paired channel at up to PCA_ROWS evenly spaced frames. */
        private DMatrixRMaj sample() {
            int m = channels.length;
            int rows = Math.min(PCA_ROWS, frames);
            DMatrixRMaj x = new DMatrixRMaj(rows, m);
            IntStream.range(0, rows).parallel().forEach(r -> {
                int f = (int) (((long) r * frames + frames / 2) / rows);
                int lo = lo(f), hi = hi(f);
                double inv = 1.0 / (hi - lo + 1);
                for (int t = lo; t <= hi; t++) {
                    for (int j = 0; j < m; j++) x.data[r * m + j] += centred(activity, t, j) * inv * scale[j];
                }
            });
            return x;
        }

        /** Loadings (channels × k, row-major) of the top k principal axes of x's rows, by a randomised SVD. */
        private static double[] topRightSingularVectors(DMatrixRMaj x, int k, SplittableRandom rng) {
            int rows = x.numRows, m = x.numCols;
            int l = Math.min(Math.min(rows, m), k + 10);
            DMatrixRMaj omega = new DMatrixRMaj(m, l);
            for (int i = 0; i < omega.data.length; i++) omega.data[i] = gaussian(rng);
            DMatrixRMaj y = new DMatrixRMaj(rows, l), z = new DMatrixRMaj(m, l);
            CommonOps_DDRM.mult(x, omega, y);
            DMatrixRMaj q = orthonormal(y);
            for (int it = 0; it < 2; it++) {
                CommonOps_DDRM.multTransA(x, q, z);
                DMatrixRMaj qz = orthonormal(z);
                CommonOps_DDRM.mult(x, qz, y);
                q = orthonormal(y);
            }
            DMatrixRMaj b = new DMatrixRMaj(l, m);
            CommonOps_DDRM.multTransA(q, x, b);
            SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(l, m, false, true, true);
            if (!svd.decompose(b)) throw new IllegalStateException("SVD of the channel sample failed");
            double[] w = svd.getSingularValues();
            DMatrixRMaj vt = svd.getV(null, true); // l × m
            Integer[] order = new Integer[w.length];
            for (int i = 0; i < order.length; i++) order[i] = i;
            Arrays.sort(order, (i, j) -> Double.compare(w[j], w[i]));
            double[] loadings = new double[m * k];
            for (int c = 0; c < k; c++) {
                int r = order[c];
                for (int j = 0; j < m; j++) loadings[j * k + c] = vt.get(r, j);
            }
            return loadings;
        }

        private static DMatrixRMaj orthonormal(DMatrixRMaj a) {
            QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(a.numRows, a.numCols);
            if (!qr.decompose(a.copy())) throw new IllegalStateException("QR of the channel sample failed");
            return qr.getQ(null, true);
        }

        private static double gaussian(SplittableRandom rng) {
            double u = rng.nextDouble(), v = rng.nextDouble();
            return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
        }
    }
}
