package org.apical.information;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The scatter matrix {@code Σ_k w_k x_k x_kᵀ} of already-centred rows, the one O(T·N²) step of every estimate.
 * Computed in tiles of the upper triangle (a tile of the result stays in cache while all rows stream past,
 * four rows at a time so the inner loop is a vectorisable multiply-add), tiles spread over the cores, then
 * mirrored. A naive row-by-row rank-1 update would stream the whole N×N result through memory once per trial.
 *
 * <p>Large products go to {@link VectorScatter} (the JDK's vector API, register-blocked) when the JVM was started
 * with {@code --add-modules jdk.incubator.vector}, as the launcher and the build start it; small ones, and every one
 * on a JVM without the module, take the tiled loop below, which the JIT vectorises on its own.
 */
public final class Scatter {
    private static final int TILE_ROWS = 32;
    private static final int TILE_COLS = 256;

    /**
     * Multiply-adds below which the tiled loop is used: the vector kernel pays for packing, and until the JIT has
     * compiled it (a few hundred thousand calls) it is slower than the plain loop.
     */
    static final double VECTOR_FROM = 1e8;

    /** True when the vector API is there (the JVM resolved {@code jdk.incubator.vector}). */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private Scatter() {}

    /** Lanes of the double vectors the scatter uses: 1 without the vector API. */
    public static int lanes() { return VECTOR ? VectorScatter.lanes() : 1; }

    /** Floating-point operations of {@link #of} (the upper triangle with its diagonal, a multiply and an add each). */
    public static double flops(int rows, int n) { return (double) rows * n * (n + 1); }

    /**
     * @param x    centred rows, row-major {@code rows × n}
     * @param w    per-row weights (bootstrap counts, 0/1 fold membership), or null for all ones
     * @return the full symmetric {@code n × n} scatter, row-major
     */
    public static double[] of(double[] x, int rows, int n, double[] w) { return of(x, rows, n, w, VECTOR); }

    /** {@link #of} through the tiled loop whatever the size: the computation as it was before the vector kernel. */
    static double[] tiled(double[] x, int rows, int n, double[] w) { return of(x, rows, n, w, false); }

    private static double[] of(double[] x, int rows, int n, double[] w, boolean vector) {
        int m = 0;
        int[] used = new int[rows];
        double[] uw = new double[rows];
        for (int k = 0; k < rows; k++) {
            double wk = w == null ? 1.0 : w[k];
            if (wk != 0.0) { used[m] = k; uw[m] = wk; m++; }
        }
        if (vector && (double) m * n * n >= VECTOR_FROM) return VectorScatter.of(x, n, used, uw, m);
        return tiled(x, n, used, uw, m);
    }

    /** The tiled loop, for small products and JVMs without the vector API (and the reference the tests hold it to). */
    private static double[] tiled(double[] x, int n, int[] used, double[] uw, int count) {
        double[] c = new double[n * n];
        List<int[]> tiles = new ArrayList<>();
        for (int i0 = 0; i0 < n; i0 += TILE_ROWS) {
            for (int j0 = (i0 / TILE_COLS) * TILE_COLS; j0 < n; j0 += TILE_COLS) tiles.add(new int[] {i0, j0});
        }
        IntStream range = IntStream.range(0, tiles.size());
        // below a few million multiply-adds, waking the fork-join pool costs more than it saves
        if ((double) count * n * n > 4e6) range = range.parallel();
        range.forEach(t -> {
            int[] tile = tiles.get(t);
            tile(x, n, used, uw, count, c, tile[0], Math.min(n, tile[0] + TILE_ROWS), tile[1],
                    Math.min(n, tile[1] + TILE_COLS));
        });
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) c[j * n + i] = c[i * n + j];
        }
        return c;
    }

    private static void tile(double[] x, int n, int[] used, double[] uw, int m, double[] c,
                             int i0, int i1, int j0, int j1) {
        int p = 0;
        for (; p + 3 < m; p += 4) {
            int o0 = used[p] * n, o1 = used[p + 1] * n, o2 = used[p + 2] * n, o3 = used[p + 3] * n;
            double w0 = uw[p], w1 = uw[p + 1], w2 = uw[p + 2], w3 = uw[p + 3];
            for (int i = i0; i < i1; i++) {
                double a0 = w0 * x[o0 + i], a1 = w1 * x[o1 + i], a2 = w2 * x[o2 + i], a3 = w3 * x[o3 + i];
                int ci = i * n;
                for (int j = Math.max(j0, i); j < j1; j++) {
                    c[ci + j] += a0 * x[o0 + j] + a1 * x[o1 + j] + a2 * x[o2 + j] + a3 * x[o3 + j];
                }
            }
        }
        for (; p < m; p++) {
            int o = used[p] * n;
            double wp = uw[p];
            for (int i = i0; i < i1; i++) {
                double a = wp * x[o + i];
                int ci = i * n;
                for (int j = Math.max(j0, i); j < j1; j++) c[ci + j] += a * x[o + j];
            }
        }
    }
}
