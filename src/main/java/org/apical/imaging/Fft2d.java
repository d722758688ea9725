package org.apical.imaging;

import org.jtransforms.fft.FloatFFT_2D;

/**
 * A 2-D complex FFT of a power-of-two w × h patch, on split real and imaginary arrays, written for the patches motion
 * correction transforms many times a frame. Every butterfly runs across a whole contiguous line of values at once (the
 * same twiddle factor for all of them), so the JIT turns it into vector instructions; the other axis is reached by a
 * transpose. The spectrum is left transposed: element (kx, ky) at {@code ky * w + kx} ({@link #spectrumIndex}); the
 * inverse takes that layout and gives back the space layout {@code x * h + y}. Nothing is allocated after construction.
 * JTransforms took 60–120 µs of CPU per 64 × 64 transform here and allocated about 4 KB of scratch per forward and
 * inverse pair; it is kept for
 * sizes that are not powers of two (the whole frame less its margin), which are not fast enough for online use anyway.
 */
final class Fft2d {
    private final int w;
    private final int h;
    private final float[] cosW, sinW, cosH, sinH;
    private final int[] revW, revH;
    /** The data as lines of their own: w lines of h values (along x), and the transpose, h lines of w (along y). */
    private final float[][] xr, xi, yr, yi;
    /** Sizes that are not powers of two: JTransforms on an interleaved copy (rows along x, as the space layout). */
    private final FloatFFT_2D general;
    private final float[] interleaved;

    static {
        // one thread per FFT: the frame thread is the parallelism, and JTransforms' pool would compete with it
        pl.edu.icm.jlargearrays.ConcurrencyUtils.setNumberOfThreads(1);
    }

    Fft2d(int w, int h) {
        this.w = w;
        this.h = h;
        if (!fits(w, h)) {
            general = new FloatFFT_2D(w, h);
            interleaved = new float[2 * w * h];
            cosW = sinW = cosH = sinH = null;
            revW = revH = null;
            xr = xi = yr = yi = null;
            return;
        }
        xr = new float[w][h];
        xi = new float[w][h];
        yr = new float[h][w];
        yi = new float[h][w];
        general = null;
        interleaved = null;
        cosW = new float[w];
        sinW = new float[w];
        cosH = new float[h];
        sinH = new float[h];
        twiddles(w, cosW, sinW);
        twiddles(h, cosH, sinH);
        revW = bitReversal(w);
        revH = bitReversal(h);
    }

    static boolean fits(int w, int h) { return Integer.bitCount(w) == 1 && Integer.bitCount(h) == 1 && w >= 2 && h >= 2; }

    /** Where the spectrum's (kx, ky) lies (0 ≤ kx < w, 0 ≤ ky < h). */
    int spectrumIndex(int kx, int ky) { return ky * w + kx; }

    private static void twiddles(int n, float[] c, float[] s) {
        for (int k = 0; k < n; k++) {
            double a = -2 * Math.PI * k / n;
            c[k] = (float) Math.cos(a);
            s[k] = (float) Math.sin(a);
        }
    }

    private static int[] bitReversal(int n) {
        int bits = Integer.numberOfTrailingZeros(n);
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = Integer.reverse(i) >>> (32 - bits);
        return r;
    }

    /** Forward transform in place: space layout in, transposed spectrum out. */
    void forward(float[] re, float[] im) {
        if (general != null) {
            for (int k = 0, n = w * h; k < n; k++) {
                interleaved[2 * k] = re[k];
                interleaved[2 * k + 1] = im[k];
            }
            general.complexForward(interleaved);
            for (int i = 0; i < w; i++) {
                for (int j = 0; j < h; j++) {
                    re[j * w + i] = interleaved[2 * (i * h + j)];
                    im[j * w + i] = interleaved[2 * (i * h + j) + 1];
                }
            }
            return;
        }
        split(re, xr, h);
        split(im, xi, h);
        lines(xr, xi, w, h, cosW, sinW, revW, false); // along x: w lines of h values
        transpose(xr, xi, yr, yi, w, h);
        lines(yr, yi, h, w, cosH, sinH, revH, false); // along y, now w values per line
        join(yr, re, w);
        join(yi, im, w);
    }

    /** A flat array of lines of {@code m} values into the lines' own arrays. */
    private static void split(float[] flat, float[][] lines, int m) {
        for (int a = 0; a < lines.length; a++) System.arraycopy(flat, a * m, lines[a], 0, m);
    }

    private static void join(float[][] lines, float[] flat, int m) {
        for (int a = 0; a < lines.length; a++) System.arraycopy(lines[a], 0, flat, a * m, m);
    }

    /** Inverse transform in place, scaled by 1 / (w h): transposed spectrum in, space layout out. */
    void inverse(float[] re, float[] im) {
        if (general != null) {
            for (int i = 0; i < w; i++) {
                for (int j = 0; j < h; j++) {
                    interleaved[2 * (i * h + j)] = re[j * w + i];
                    interleaved[2 * (i * h + j) + 1] = im[j * w + i];
                }
            }
            general.complexInverse(interleaved, true);
            for (int k = 0, n = w * h; k < n; k++) {
                re[k] = interleaved[2 * k];
                im[k] = interleaved[2 * k + 1];
            }
            return;
        }
        split(re, yr, w);
        split(im, yi, w);
        lines(yr, yi, h, w, cosH, sinH, revH, true);
        transpose(yr, yi, xr, xi, h, w);
        lines(xr, xi, w, h, cosW, sinW, revW, true);
        join(xr, re, h);
        join(xi, im, h);
        float scale = 1f / (w * h);
        for (int k = 0, n = w * h; k < n; k++) {
            re[k] *= scale;
            im[k] *= scale;
        }
    }

    /**
     * An n-point transform across n lines of m values, for all m values at once: decimation in frequency, radix 2, then
     * the bit-reversal permutation of the lines (their arrays swapped, nothing copied). Each line is an array of its
     * own and the butterfly is radix 2 so that C2 turns it into vector instructions: two lines of one array at an
     * offset it cannot see, or a radix-4 butterfly over four line arrays, it leaves scalar (measured: 2.6× slower).
     */
    private static void lines(float[][] re, float[][] im, int n, int m, float[] cos, float[] sin, int[] rev,
                              boolean inverse) {
        float sign = inverse ? -1f : 1f; // the inverse's twiddles are the conjugates
        for (int half = n / 2, step = 1; half >= 1; half /= 2, step *= 2) {
            for (int start = 0; start < n; start += 2 * half) {
                for (int k = 0; k < half; k++) {
                    int p = start + k, q = p + half;
                    if (k == 0) {
                        butterfly(re[p], im[p], re[q], im[q], m);
                    } else {
                        butterfly(re[p], im[p], re[q], im[q], m, cos[k * step], sign * sin[k * step]);
                    }
                }
            }
        }
        for (int a = 0; a < n; a++) {
            int r = rev[a];
            if (r <= a) continue;
            float[] t = re[a];
            re[a] = re[r];
            re[r] = t;
            t = im[a];
            im[a] = im[r];
            im[r] = t;
        }
    }

    /** (x, y) → (x + y, (x − y)·(c + is)) for the m values of two lines. */
    private static void butterfly(float[] xr, float[] xi, float[] yr, float[] yi, int m, float c, float s) {
        for (int b = 0; b < m; b++) {
            float ar = xr[b], ai = xi[b], br = yr[b], bi = yi[b];
            float dr = ar - br, di = ai - bi;
            xr[b] = ar + br;
            xi[b] = ai + bi;
            yr[b] = dr * c - di * s;
            yi[b] = dr * s + di * c;
        }
    }

    /** The same with the twiddle 1. */
    private static void butterfly(float[] xr, float[] xi, float[] yr, float[] yi, int m) {
        for (int b = 0; b < m; b++) {
            float ar = xr[b], ai = xi[b], br = yr[b], bi = yi[b];
            xr[b] = ar + br;
            xi[b] = ai + bi;
            yr[b] = ar - br;
            yi[b] = ai - bi;
        }
    }

    /** n lines of m values into m lines of n values. */
    private static void transpose(float[][] re, float[][] im, float[][] tre, float[][] tim, int n, int m) {
        for (int a = 0; a < n; a++) {
            float[] r = re[a], i = im[a];
            for (int b = 0; b < m; b++) {
                tre[b][a] = r[b];
                tim[b][a] = i[b];
            }
        }
    }
}
