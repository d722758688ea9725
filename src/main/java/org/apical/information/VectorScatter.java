package org.apical.information;

import java.util.stream.IntStream;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Scatter}'s product with the JDK's vector API, laid out as a tuned BLAS lays out a rank-k update: the rows
 * are taken a panel of {@link #KC} at a time and packed twice, once as strips of {@link #NR} columns and once
 * (weighted) as blocks of {@link #MR} rows, so the inner kernel reads both contiguously; the kernel keeps a
 * {@code MR × NR} block of the result in registers for the whole panel, one fused multiply-add per vector and row.
 * Only blocks that reach the upper triangle are computed; strips of columns are spread over the cores (each strip
 * owns its columns of the result, so no two threads write one place).
 */
final class VectorScatter {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of the register block. */
    static final int MR = 4;
    /** Columns of the register block: three vectors (12 accumulators + 3 loads + 1 broadcast fit 16 registers). */
    static final int NR = 3 * L;
    /** Rows per panel: a packed strip (KC × NR) stays in the first-level cache. */
    static final int KC = 256;

    private VectorScatter() {}

    /** Lanes of a double vector on this machine (8 with AVX-512, 4 with AVX2). */
    static int lanes() { return L; }

    /** Same contract as {@link Scatter#of}: {@code used}/{@code uw} are the rows with non-zero weight. */
    static double[] of(double[] x, int n, int[] used, double[] uw, int count) {
        int strips = (n + NR - 1) / NR;
        int blocks = (n + MR - 1) / MR;
        double[] c = new double[n * n];
        double[] bp = new double[strips * KC * NR];
        double[] ap = new double[blocks * KC * MR];
        boolean parallel = (double) count * n * n > 4e6;
        for (int p0 = 0; p0 < count; p0 += KC) {
            int kc = Math.min(KC, count - p0);
            int from = p0;
            IntStream packs = IntStream.range(0, kc);
            if (parallel) packs = packs.parallel();
            packs.forEach(k -> pack(x, n, used[from + k], uw[from + k], k, kc, bp, ap));
            IntStream work = IntStream.range(0, strips);
            if (parallel) work = work.parallel();
            work.forEach(s -> strip(s, n, kc, ap, bp, c));
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) c[j * n + i] = c[i * n + j];
        }
        return c;
    }

    /** Row {@code row} of {@code x} as row {@code k} of the panel: into every column strip and (weighted) row block. */
    private static void pack(double[] x, int n, int row, double w, int k, int kc, double[] bp, double[] ap) {
        int o = row * n;
        for (int j0 = 0, s = 0; j0 < n; j0 += NR, s++) {
            int at = (s * KC + k) * NR;
            int m = Math.min(NR, n - j0);
            System.arraycopy(x, o + j0, bp, at, m);
            for (int j = m; j < NR; j++) bp[at + j] = 0;
        }
        for (int i0 = 0, b = 0; i0 < n; i0 += MR, b++) {
            int at = (b * KC + k) * MR;
            for (int r = 0; r < MR; r++) ap[at + r] = i0 + r < n ? w * x[o + i0 + r] : 0;
        }
    }

    /** Every row block of strip {@code s} that reaches the upper triangle, added into {@code c}. */
    private static void strip(int s, int n, int kc, double[] ap, double[] bp, double[] c) {
        int j0 = s * NR;
        int jEnd = Math.min(n, j0 + NR);
        double[] edge = null;
        for (int i0 = 0, b = 0; i0 < jEnd; i0 += MR, b++) {
            int rows = Math.min(MR, n - i0);
            int cols = jEnd - j0;
            if (rows == MR && cols == NR) {
                kernel(ap, b * KC * MR, bp, s * KC * NR, kc, c, i0 * n + j0, n);
            } else {
                if (edge == null) edge = new double[MR * NR];
                java.util.Arrays.fill(edge, 0);
                kernel(ap, b * KC * MR, bp, s * KC * NR, kc, edge, 0, NR);
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < cols; j++) c[(i0 + r) * n + j0 + j] += edge[r * NR + j];
                }
            }
        }
    }

    /** {@code c[at + r·ld + j] += Σ_k ap[k][r] · bp[k][j]} for the {@code MR × NR} block. */
    private static void kernel(double[] ap, int a, double[] bp, int b, int kc, double[] c, int at, int ld) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S), c02 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S), c12 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S), c22 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S), c32 = DoubleVector.zero(S);
        for (int k = 0; k < kc; k++) {
            int bo = b + k * NR;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
            DoubleVector b2 = DoubleVector.fromArray(S, bp, bo + 2 * L);
            int ao = a + k * MR;
            DoubleVector x = DoubleVector.broadcast(S, ap[ao]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02);
            x = DoubleVector.broadcast(S, ap[ao + 1]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12);
            x = DoubleVector.broadcast(S, ap[ao + 2]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22);
            x = DoubleVector.broadcast(S, ap[ao + 3]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32);
        }
        add(c, at, c00, c01, c02);
        add(c, at + ld, c10, c11, c12);
        add(c, at + 2 * ld, c20, c21, c22);
        add(c, at + 3 * ld, c30, c31, c32);
    }

    private static void add(double[] c, int at, DoubleVector v0, DoubleVector v1, DoubleVector v2) {
        DoubleVector.fromArray(S, c, at).add(v0).intoArray(c, at);
        DoubleVector.fromArray(S, c, at + L).add(v1).intoArray(c, at + L);
        DoubleVector.fromArray(S, c, at + 2 * L).add(v2).intoArray(c, at + 2 * L);
    }
}
