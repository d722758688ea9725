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
    private final float[] tr;
    private final float[] ti;
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
        tr = new float[w * h];
        ti = new float[w * h];
        if (!fits(w, h)) {
            general = new FloatFFT_2D(w, h);
            interleaved = new float[2 * w * h];
            cosW = sinW = cosH = sinH = null;
            revW = revH = null;
            return;
        }
        general = null;
        interleaved = null;
        cosW = new float[w / 2];
        sinW = new float[w / 2];
        cosH = new float[h / 2];
        sinH = new float[h / 2];
        twiddles(w, cosW, sinW);
        twiddles(h, cosH, sinH);
        revW = bitReversal(w);
        revH = bitReversal(h);
    }

    static boolean fits(int w, int h) { return Integer.bitCount(w) == 1 && Integer.bitCount(h) == 1 && w >= 2 && h >= 2; }

    /** Where the spectrum's (kx, ky) lies (0 ≤ kx < w, 0 ≤ ky < h). */
    int spectrumIndex(int kx, int ky) { return ky * w + kx; }

    private static void twiddles(int n, float[] c, float[] s) {
        for (int k = 0; k < n / 2; k++) {
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
        lines(re, im, w, h, cosW, sinW, revW, false); // along x: w lines of h values
        transpose(re, im, w, h);
        lines(re, im, h, w, cosH, sinH, revH, false); // along y, now w values per line
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
        lines(re, im, h, w, cosH, sinH, revH, true);
        transpose(re, im, h, w);
        lines(re, im, w, h, cosW, sinW, revW, true);
        float scale = 1f / (w * h);
        for (int k = 0, n = w * h; k < n; k++) {
            re[k] *= scale;
            im[k] *= scale;
        }
    }

    /**
     * An n-point transform along the first index of an n × m array (element (a, b) at a·m + b), for all m values of b
     * at once: decimation in frequency, then the bit-reversal permutation of whole lines.
     */
    private void lines(float[] re, float[] im, int n, int m, float[] cos, float[] sin, int[] rev, boolean inverse) {
        for (int half = n / 2, step = 1; half >= 1; half /= 2, step *= 2) {
            for (int start = 0; start < n; start += 2 * half) {
                for (int k = 0; k < half; k++) {
                    float c = cos[k * step], s = inverse ? -sin[k * step] : sin[k * step];
                    int p = (start + k) * m, q = p + half * m;
                    if (k == 0) {
                        for (int b = 0; b < m; b++) {
                            float xr = re[p + b], xi = im[p + b], yr = re[q + b], yi = im[q + b];
                            re[p + b] = xr + yr;
                            im[p + b] = xi + yi;
                            re[q + b] = xr - yr;
                            im[q + b] = xi - yi;
                        }
                    } else {
                        for (int b = 0; b < m; b++) {
                            float xr = re[p + b], xi = im[p + b], yr = re[q + b], yi = im[q + b];
                            float dr = xr - yr, di = xi - yi;
                            re[p + b] = xr + yr;
                            im[p + b] = xi + yi;
                            re[q + b] = dr * c - di * s;
                            im[q + b] = dr * s + di * c;
                        }
                    }
                }
            }
        }
        for (int a = 0; a < n; a++) {
            int r = rev[a];
            if (r <= a) continue;
            int p = a * m, q = r * m;
            for (int b = 0; b < m; b++) {
                float t = re[p + b];
                re[p + b] = re[q + b];
                re[q + b] = t;
                t = im[p + b];
                im[p + b] = im[q + b];
                im[q + b] = t;
            }
        }
    }

    /** An n × m array (a·m + b) into its m × n transpose (b·n + a), through the scratch lines. */
    private void transpose(float[] re, float[] im, int n, int m) {
        for (int a = 0; a < n; a++) {
            int row = a * m;
            for (int b = 0; b < m; b++) {
                tr[b * n + a] = re[row + b];
                ti[b * n + a] = im[row + b];
            }
        }
        System.arraycopy(tr, 0, re, 0, n * m);
        System.arraycopy(ti, 0, im, 0, n * m);
    }
}
