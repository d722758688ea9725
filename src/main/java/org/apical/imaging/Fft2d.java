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
        for (int k = 0; k < n; k++) { // the whole turn: radix 4 reaches 3k
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
     * at once: decimation in frequency, two stages at a time (radix 4: half the passes over the array of radix 2), one
     * radix-2 stage first when log2 n is odd, then the bit-reversal permutation of whole lines.
     */
    private void lines(float[] re, float[] im, int n, int m, float[] cos, float[] sin, int[] rev, boolean inverse) {
        float sign = inverse ? -1f : 1f; // the inverse's twiddles are the conjugates
        int half = n / 2;
        if (Integer.numberOfTrailingZeros(n) % 2 == 1) {
            for (int k = 0; k < half; k++) {
                float c = cos[k], s = sign * sin[k];
                int p = k * m, q = p + half * m;
                for (int b = 0; b < m; b++) {
                    float xr = re[p + b], xi = im[p + b], yr = re[q + b], yi = im[q + b];
                    float dr = xr - yr, di = xi - yi;
                    re[p + b] = xr + yr;
                    im[p + b] = xi + yi;
                    re[q + b] = dr * c - di * s;
                    im[q + b] = dr * s + di * c;
                }
            }
            half /= 2;
        }
        for (; half >= 2; half /= 4) {
            int quarter = half / 2, step = n / (4 * quarter);
            for (int start = 0; start < n; start += 4 * quarter) {
                for (int k = 0; k < quarter; k++) {
                    float c1 = cos[k * step], s1 = sign * sin[k * step];
                    float c2 = cos[2 * k * step], s2 = sign * sin[2 * k * step];
                    float c3 = cos[3 * k * step], s3 = sign * sin[3 * k * step];
                    int p0 = (start + k) * m, p1 = p0 + quarter * m, p2 = p1 + quarter * m, p3 = p2 + quarter * m;
                    for (int b = 0; b < m; b++) {
                        float x0r = re[p0 + b], x0i = im[p0 + b], x1r = re[p1 + b], x1i = im[p1 + b];
                        float x2r = re[p2 + b], x2i = im[p2 + b], x3r = re[p3 + b], x3i = im[p3 + b];
                        float ar = x0r + x2r, ai = x0i + x2i, br = x0r - x2r, bi = x0i - x2i;
                        float cr = x1r + x3r, ci = x1i + x3i;
                        // −i (x1 − x3) forward, +i (x1 − x3) inverse
                        float dr = sign * (x1i - x3i), di = -sign * (x1r - x3r);
                        re[p0 + b] = ar + cr;
                        im[p0 + b] = ai + ci;
                        float er = ar - cr, ei = ai - ci;
                        re[p1 + b] = er * c2 - ei * s2;
                        im[p1 + b] = er * s2 + ei * c2;
                        float fr = br + dr, fi = bi + di;
                        re[p2 + b] = fr * c1 - fi * s1;
                        im[p2 + b] = fr * s1 + fi * c1;
                        float gr = br - dr, gi = bi - di;
                        re[p3 + b] = gr * c3 - gi * s3;
                        im[p3 + b] = gr * s3 + gi * c3;
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
