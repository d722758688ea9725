package org.apical.residual;

import java.util.Arrays;
import org.apical.information.Scatter;

/**
 * Cross-validated ridge regression with an intercept. Predictors are standardised on each training set, so one
 * penalty fits predictors of any scale: on the centred training Gram {@code G} this is
 * {@code (G + α·diag(G)) β = Xᵀy}, i.e. ridge with penalty {@code α·n} on z-scored columns.
 *
 * <p>Folds are contiguous blocks of rows in the order given (events in time), because neighbouring events share
 * slow fluctuations: random folds would let the model interpolate between them and overstate R². The penalty of
 * each outer fold is chosen by an inner cross-validation over the remaining blocks (same contiguous blocks) on a
 * fixed logarithmic grid, so the held-out block never influences its own penalty. R² is
 * {@code 1 − SS_res / SS_tot} over all held-out predictions, {@code SS_tot} around the mean of all rows: it is
 * negative when the model predicts worse than a constant, which is what a model without signal does out of
 * sample. Per-block sufficient statistics (sums and Gram) are computed once, so every training set of either
 * level costs a sum of p×p blocks and a p×p Cholesky solve per penalty, not a pass over the rows. This is the
 * inner loop of the network prediction (hundreds of thousands of solves for a large session), hence its own
 * small in-place Cholesky rather than a general factorisation with its allocation and checks. Deterministic: no
 * randomness at all.
 */
public final class Ridge {
    /** The penalties tried, as multiples of the standardised Gram's diagonal (i.e. of the training size). */
    public static final double[] DEFAULT_ALPHAS = {1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3, 10, 30, 100, 1000};

    /**
     * @param r2          out-of-sample R² over the held-out predictions of all folds (may be negative)
     * @param predictions the held-out prediction of every row
     * @param alphas      the penalty chosen for each outer fold
     */
    public record Fit(double r2, double[] predictions, double[] alphas, int rows, int predictors, int folds) {
        /** The median chosen penalty (a summary for reports). */
        public double medianAlpha() {
            double[] a = alphas.clone();
            Arrays.sort(a);
            return a.length % 2 == 1 ? a[a.length / 2] : Math.sqrt(a[a.length / 2 - 1] * a[a.length / 2]);
        }
    }

    private Ridge() {}

    /** {@link #crossValidate(double[][], double[], int, double[])} with {@link #DEFAULT_ALPHAS}. */
    public static Fit crossValidate(double[][] x, double[] y, int folds) {
        return crossValidate(x, y, folds, DEFAULT_ALPHAS);
    }

    /**
     * @param x      rows × predictors, rows in time order (a row per event); zero predictors is allowed (the
     *               prediction is then the training mean)
     * @param y      the response per row
     * @param folds  outer folds, at least 3 (the inner cross-validation needs two blocks)
     * @param alphas penalty grid, each positive
     */
    public static Fit crossValidate(double[][] x, double[] y, int folds, double[] alphas) {
        return crossValidate(x, y, folds, alphas, false);
    }

    /**
     * @param straightforward the blocks' sums and Grams by a plain loop over the rows instead of the scatter kernel:
     *                        the computation as it was, which the kernel is held to
     */
    static Fit crossValidate(double[][] x, double[] y, int folds, double[] alphas, boolean straightforward) {
        int n = y.length;
        if (x.length != n) throw new IllegalArgumentException("ridge: " + x.length + " predictor rows but " + n + " responses");
        if (folds < 3) throw new IllegalArgumentException("ridge: needs at least 3 folds (got " + folds + ")");
        if (n < 3 * folds) {
            throw new IllegalArgumentException("ridge: too few rows for " + folds + "-fold cross-validation: " + n
                    + " (needs at least " + 3 * folds + ")");
        }
        if (alphas.length == 0) throw new IllegalArgumentException("ridge: empty penalty grid");
        for (double a : alphas) if (!(a > 0) || !Double.isFinite(a)) throw new IllegalArgumentException("ridge: penalty " + a + " must be positive");
        int p = n == 0 ? 0 : x[0].length;
        for (int r = 0; r < n; r++) {
            if (x[r].length != p) throw new IllegalArgumentException("ridge: row " + r + " has " + x[r].length + " predictors, row 0 has " + p);
            if (!Double.isFinite(y[r])) throw new IllegalArgumentException("ridge: response " + r + " is " + y[r]);
            for (double v : x[r]) if (!Double.isFinite(v)) throw new IllegalArgumentException("ridge: row " + r + " has a non-finite predictor");
        }
        Blocks blocks = Blocks.of(x, y, folds, straightforward);
        // inner SSE per outer fold and penalty; the training set without blocks {f, g} serves both the outer
        // fold f (held out g) and the outer fold g (held out f), so each pair is solved once
        double[][] inner = new double[folds][alphas.length];
        boolean[] train = new boolean[folds];
        for (int f = 0; f < folds; f++) {
            for (int g = f + 1; g < folds; g++) {
                Arrays.fill(train, true);
                train[f] = false;
                train[g] = false;
                Normal eq = blocks.normal(train);
                for (int a = 0; a < alphas.length; a++) {
                    Model m = eq.solve(alphas[a]);
                    inner[f][a] += blocks.heldOutSquares(m, g);
                    inner[g][a] += blocks.heldOutSquares(m, f);
                }
            }
        }
        double[] predictions = new double[n];
        double[] chosen = new double[folds];
        for (int f = 0; f < folds; f++) {
            int best = 0;
            for (int a = 1; a < alphas.length; a++) if (inner[f][a] < inner[f][best]) best = a;
            chosen[f] = alphas[best];
            Arrays.fill(train, true);
            train[f] = false;
            blocks.predict(blocks.normal(train).solve(chosen[f]), f, predictions);
        }
        double mean = 0;
        for (double v : y) mean += v;
        mean /= n;
        double ssTot = 0, ssRes = 0;
        for (int r = 0; r < n; r++) {
            ssTot += (y[r] - mean) * (y[r] - mean);
            ssRes += (y[r] - predictions[r]) * (y[r] - predictions[r]);
        }
        double r2 = ssTot > 0 ? 1 - ssRes / ssTot : Double.NaN;
        return new Fit(r2, predictions, chosen, n, p, folds);
    }

    /** An intercept and coefficients in the (globally centred) predictor scale. */
    private record Model(double intercept, double[] beta) {}

    /** {@code G β = r} of one training set (G centred), solved for any penalty by an in-place Cholesky. */
    private record Normal(int p, double[] gram, double[] rhs, double[] meanX, double meanY) {
        Model solve(double alpha) {
            double[] l = gram.clone();
            for (int i = 0; i < p; i++) {
                double d = l[i * p + i];
                l[i * p + i] = d > 0 ? d * (1 + alpha) : 1; // standardised ridge: the penalty scales the diagonal
            }
            // L Lᵀ = A in the lower triangle (the hot loop of the network prediction: no allocation, no factory)
            for (int j = 0; j < p; j++) {
                int oj = j * p;
                double s = l[oj + j];
                for (int k = 0; k < j; k++) s -= l[oj + k] * l[oj + k];
                if (!(s > 0)) throw new IllegalStateException("ridge: normal equations not positive definite");
                double root = Math.sqrt(s);
                l[oj + j] = root;
                for (int i = j + 1; i < p; i++) {
                    int oi = i * p;
                    double t = l[oi + j];
                    for (int k = 0; k < j; k++) t -= l[oi + k] * l[oj + k];
                    l[oi + j] = t / root;
                }
            }
            double[] b = rhs.clone();
            for (int i = 0; i < p; i++) {
                double t = b[i];
                for (int k = 0; k < i; k++) t -= l[i * p + k] * b[k];
                b[i] = t / l[i * p + i];
            }
            for (int i = p - 1; i >= 0; i--) {
                double t = b[i];
                for (int k = i + 1; k < p; k++) t -= l[k * p + i] * b[k];
                b[i] = t / l[i * p + i];
            }
            double intercept = meanY;
            for (int i = 0; i < p; i++) intercept -= meanX[i] * b[i];
            return new Model(intercept, b);
        }
    }

    /**
     * Rows split into contiguous blocks, each with its sums and Gram. The data are centred on their overall means
     * first (a shift that leaves ridge with an intercept unchanged) so that summed Grams lose no precision. A block's
     * Gram, its sums and its products with y are one scatter of the rows {@code [x, y, 1]} (p + 2 columns), the
     * O(rows·p²) step of every fit, made by the information analysis's kernel ({@link Scatter}).
     */
    private static final class Blocks {
        /** The centred rows, row-major with stride {@code p + 2}: the predictors, y, then 1. */
        final double[] xy;
        final int stride;
        final double meanY;
        final int p;
        final int[] start;
        final double[][] gram, sumX, sumXY;
        final double[] sumY, sumYY;

        private Blocks(double[] xy, int p, double meanY, int folds, boolean straightforward) {
            this.xy = xy;
            this.p = p;
            this.stride = p + 2;
            this.meanY = meanY;
            int n = xy.length / stride;
            start = new int[folds + 1];
            for (int b = 0; b <= folds; b++) start[b] = (int) ((long) b * n / folds);
            gram = new double[folds][p * p];
            sumX = new double[folds][p];
            sumXY = new double[folds][p];
            sumY = new double[folds];
            sumYY = new double[folds];
            double[] inBlock = straightforward ? null : new double[n];
            for (int b = 0; b < folds; b++) {
                double[] s;
                if (straightforward) {
                    s = plainScatter(b);
                } else {
                    java.util.Arrays.fill(inBlock, 0);
                    java.util.Arrays.fill(inBlock, start[b], start[b + 1], 1);
                    s = Scatter.ofRepeated(xy, n, stride, inBlock);
                }
                for (int i = 0; i < p; i++) {
                    System.arraycopy(s, i * stride, gram[b], i * p, p);
                    sumXY[b][i] = s[i * stride + p];
                    sumX[b][i] = s[i * stride + p + 1];
                }
                sumYY[b] = s[p * stride + p];
                sumY[b] = s[p * stride + p + 1];
            }
        }

        /** Block {@code b}'s scatter of {@code [x, y, 1]}, row by row (the reference the kernel is held to). */
        private double[] plainScatter(int b) {
            double[] g = new double[stride * stride];
            for (int r = start[b]; r < start[b + 1]; r++) {
                int o = r * stride;
                for (int i = 0; i < stride; i++) {
                    double v = xy[o + i];
                    for (int j = i; j < stride; j++) g[i * stride + j] += v * xy[o + j];
                }
            }
            for (int i = 0; i < stride; i++) for (int j = 0; j < i; j++) g[i * stride + j] = g[j * stride + i];
            return g;
        }

        static Blocks of(double[][] raw, double[] rawY, int folds, boolean straightforward) {
            int n = rawY.length, p = raw[0].length;
            double[] mx = new double[p];
            double my = 0;
            for (int r = 0; r < n; r++) {
                my += rawY[r];
                for (int j = 0; j < p; j++) mx[j] += raw[r][j];
            }
            my /= n;
            for (int j = 0; j < p; j++) mx[j] /= n;
            int stride = p + 2;
            double[] xy = new double[n * stride];
            for (int r = 0; r < n; r++) {
                int o = r * stride;
                for (int j = 0; j < p; j++) xy[o + j] = raw[r][j] - mx[j];
                xy[o + p] = rawY[r] - my;
                xy[o + p + 1] = 1;
            }
            return new Blocks(xy, p, my, folds, straightforward);
        }

        /** The centred normal equations of the union of the blocks marked {@code train}. */
        Normal normal(boolean[] train) {
            int count = 0;
            double sy = 0;
            double[] sx = new double[p], sxy = new double[p], g = new double[p * p];
            for (int b = 0; b < train.length; b++) {
                if (!train[b]) continue;
                count += start[b + 1] - start[b];
                sy += sumY[b];
                for (int i = 0; i < p; i++) { sx[i] += sumX[b][i]; sxy[i] += sumXY[b][i]; }
                double[] gb = gram[b];
                for (int k = 0; k < p * p; k++) g[k] += gb[k];
            }
            double my = sy / count;
            double[] mx = new double[p];
            for (int i = 0; i < p; i++) mx[i] = sx[i] / count;
            double[] rhs = new double[p];
            for (int i = 0; i < p; i++) {
                rhs[i] = sxy[i] - count * mx[i] * my;
                for (int j = 0; j < p; j++) g[i * p + j] -= count * mx[i] * mx[j];
            }
            double scale = 0;
            for (int i = 0; i < p; i++) scale = Math.max(scale, g[i * p + i]);
            for (int i = 0; i < p; i++) {
                if (!(g[i * p + i] > 1e-12 * scale)) {
                    // a constant column on this training set carries nothing: coefficient 0
                    for (int j = 0; j < p; j++) { g[i * p + j] = 0; g[j * p + i] = 0; }
                    rhs[i] = 0;
                }
            }
            return new Normal(p, g, rhs, mx, my);
        }
        double predict(Model m, int row) {
            double s = m.intercept();
            double[] b = m.beta();
            int o = row * stride;
            for (int i = 0; i < p; i++) s += xy[o + i] * b[i];
            return s;
        }

        /**
         * {@code Σ (y − c − xβ)²} over a block from its sums and Gram (p² work instead of rows × p); the data are
         * centred, so the expansion loses nothing to cancellation.
         */
        double heldOutSquares(Model m, int block) {
            double c = m.intercept();
            double[] b = m.beta(), g = gram[block], sx = sumX[block], sxy = sumXY[block];
            double quad = 0, bx = 0, bxy = 0;
            for (int i = 0; i < p; i++) {
                double gi = 0;
                for (int j = 0; j < p; j++) gi += g[i * p + j] * b[j];
                quad += b[i] * gi;
                bx += b[i] * sx[i];
                bxy += b[i] * sxy[i];
            }
            int n = start[block + 1] - start[block];
            return Math.max(0, sumYY[block] - 2 * c * sumY[block] - 2 * bxy + n * c * c + 2 * c * bx + quad);
        }

        void predict(Model m, int block, double[] out) {
            for (int r = start[block]; r < start[block + 1]; r++) out[r] = predict(m, r) + meanY;
        }
    }
}
