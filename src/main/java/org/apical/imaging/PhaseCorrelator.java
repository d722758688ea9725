package org.apical.imaging;

import java.util.Arrays;

/**
 * Rigid shift of one patch against the reference by phase correlation: the cross-power spectrum partly whitened
 * ({@link #WHITENING}) and weighted by a Gaussian (σ {@value #SMOOTH_SIGMA} px) so the correlation peak is a smooth
 * bump, back to space; the highest point within the maximum shift; then sub-pixel: a Gaussian (log-parabola) fit
 * through the peak and its neighbours, re-sampled twice at the estimate straight from the spectrum (where the fit is
 * unbiased). Patches are mean-subtracted and tapered at the edges so the borders do not correlate; the frame's window
 * follows the content (from the last frame's shift) so the taper's pull stays below a pixel, and a second window
 * measures and removes what is left of it. Every buffer is allocated here once; {@link #estimate} allocates nothing.
 */
final class PhaseCorrelator {
    static final double SMOOTH_SIGMA = 2.0;
    /**
     * The cross-power spectrum is divided by its magnitude to this power: 1 is pure phase correlation (sharp, but noise
     * at the frequencies a smooth image lacks weighs as much as signal), 0 plain cross-correlation (as the source lab's
     * DFT registration); 0.5 with the Gaussian weight was the most accurate on synthetic fields with changing activity.
     */
    static final double WHITENING = 0.5;
    private static final int MAX_PASSES = 3;
    /** Width of the cosine edge taper, as a fraction of the patch side. */
    private static final double TAPER = 0.125;

    private final Patch patch;
    private final int lines;
    private final int w;
    private final int h;
    private final Fft2d fft;
    private final float[] taper;
    /** The Gaussian weight, in the spectrum's (transposed) layout. */
    private final float[] weight;
    /** Reference spectrum, frame window (space, then spectrum, then correlation) and cross-power spectrum. */
    private final float[] refRe, refIm, workRe, workIm, crossRe, crossIm;
    private final float[] rampX;
    private final float[] rampY;
    /** Per-x sums over y of the spectrum times the y ramps at ey, ey − 1, ey + 1 (see {@link #sample}). */
    private final float[] sumRe0, sumIm0, sumReM, sumImM, sumReP, sumImP;
    private final double[] near = new double[5];
    private final int maxShift;
    /** The window of the last {@link #correlate} (clamped to the maximum shift). */
    private int windowX;
    private int windowY;
    /** Result of the last {@link #estimate}: shift of the frame's content against the reference (pixels). */
    double dx;
    double dy;
    /** The peak: its height (≈ 1 for a perfect match, lower for noise or deformation). */
    double peak;

    PhaseCorrelator(Patch patch, FrameGeometry g, int maxShift) {
        this.patch = patch;
        this.lines = g.lines();
        this.w = patch.width();
        this.h = patch.height();
        this.maxShift = Math.max(0, Math.min(maxShift, Math.min(w, h) / 2 - 2));
        fft = new Fft2d(w, h); // rows along x (columns of the frame), contiguous along y as the frame is
        taper = new float[w * h];
        float[] tx = taper1d(w);
        float[] ty = taper1d(h);
        for (int i = 0; i < w; i++) for (int j = 0; j < h; j++) taper[i * h + j] = tx[i] * ty[j];
        weight = new float[w * h];
        for (int i = 0; i < w; i++) {
            double fx = (i <= w / 2 ? i : i - w) / (double) w;
            for (int j = 0; j < h; j++) {
                double fy = (j <= h / 2 ? j : j - h) / (double) h;
                weight[fft.spectrumIndex(i, j)] = (float) Math.exp(-2 * Math.PI * Math.PI * SMOOTH_SIGMA * SMOOTH_SIGMA
                        * (fx * fx + fy * fy));
            }
        }
        refRe = new float[w * h];
        refIm = new float[w * h];
        workRe = new float[w * h];
        workIm = new float[w * h];
        crossRe = new float[w * h];
        crossIm = new float[w * h];
        sumRe0 = new float[w];
        sumIm0 = new float[w];
        sumReM = new float[w];
        sumImM = new float[w];
        sumReP = new float[w];
        sumImP = new float[w];
        rampX = new float[6 * w];
        rampY = new float[6 * h];
    }

    private static float[] taper1d(int n) {
        float[] t = new float[n];
        int edge = Math.max(1, (int) (n * TAPER));
        for (int i = 0; i < n; i++) {
            int d = Math.min(i, n - 1 - i);
            t[i] = d >= edge ? 1f : (float) (0.5 - 0.5 * Math.cos(Math.PI * (d + 0.5) / edge));
        }
        return t;
    }

    /** Sets the reference (column-major, the frame's geometry) for this patch. */
    void reference(float[] image) {
        load(image, refRe);
        Arrays.fill(refIm, 0f);
        dx = 0;
        dy = 0;
        fft.forward(refRe, refIm);
    }

    /** Estimates the shift of {@code frame} against the reference into {@link #dx}, {@link #dy}. */
    void estimate(short[] frame, boolean subpixel) {
        start();
        while (stage != DONE) {
            correlate(frame, subpixel, nextX(), nextY());
            advance(subpixel);
        }
    }

    /**
     * Both patches' estimates (as {@link #estimate} on each), their correlations two at a time while both still want
     * one: the two real windows ride in one complex transform and their two real correlations come back in one.
     */
    static void estimatePair(PhaseCorrelator a, PhaseCorrelator b, short[] frame, boolean subpixel) {
        a.start();
        b.start();
        while (a.stage != DONE && b.stage != DONE) {
            correlatePair(a, b, frame, subpixel);
            a.advance(subpixel);
            b.advance(subpixel);
        }
        PhaseCorrelator rest = a.stage != DONE ? a : b;
        while (rest.stage != DONE) {
            rest.correlate(frame, subpixel, rest.nextX(), rest.nextY());
            rest.advance(subpixel);
        }
    }

    /** Whether two correlators can share transforms (same patch size). */
    boolean pairsWith(PhaseCorrelator o) { return w == o.w && h == o.h; }

    private static final int PASSES = 0, UNBIAS = 1, DONE = 2;
    /** Where {@link #estimate} is: following the content (passes), the second window's unbiasing, or done. */
    private int stage = DONE;
    private int pass;
    private int ox, oy, sx, sy;
    private double ex, ey;

    // the window starts where the last frame's content was; it follows a jump for up to two more passes
    private void start() {
        ox = (int) Math.rint(dx);
        oy = (int) Math.rint(dy);
        pass = 0;
        stage = PASSES;
    }

    private int nextX() { return stage == UNBIAS ? ox + sx : ox; }

    private int nextY() { return stage == UNBIAS ? oy + sy : oy; }

    /** After the correlation at ({@link #nextX}, {@link #nextY}): the next stage. */
    private void advance(boolean subpixel) {
        if (stage == UNBIAS) {
            resample();
            dx = sx == 0 ? ex : unbias(ex, ox, dx, ox + sx);
            dy = sy == 0 ? ey : unbias(ey, oy, dy, oy + sy);
            stage = DONE;
            return;
        }
        if (subpixel) resample();
        int nx = (int) Math.rint(dx), ny = (int) Math.rint(dy);
        pass++;
        boolean still = nx == ox && ny == oy;
        if (!still) {
            ox = nx;
            oy = ny;
        }
        if (!still && pass < MAX_PASSES) return;
        if (!subpixel) {
            stage = DONE;
            return;
        }
        // The edge taper pulls an estimate toward its window's position, in proportion to the distance (about a tenth
        // of it). Far from the window, a second window on the other side measures that pull and takes it out.
        ex = dx;
        ey = dy;
        sx = Math.abs(ex - ox) > 0.25 ? (ex > ox ? 1 : -1) : 0;
        sy = Math.abs(ey - oy) > 0.25 ? (ey > oy ? 1 : -1) : 0;
        stage = sx == 0 && sy == 0 ? DONE : UNBIAS;
    }

    /** Two estimates e1, e2 from windows at o1, o2 = o1 ± 1, each pulled toward its window by k × distance. */
    static double unbias(double e1, int o1, double e2, int o2) {
        double k = (e2 - e1) / (o2 - o1);
        if (!(k >= 0 && k < 0.5)) return 0.5 * (e1 + e2);
        return (e1 - k * o1) / (1 - k);
    }

    /**
     * One correlation with the frame's window moved by (ox, oy): a window that follows the content keeps the taper's
     * bias toward zero shift (it grows with the shift) to the residual below a pixel.
     */
    private void correlate(short[] frame, boolean subpixel, int ox, int oy) {
        ox = clamp(ox);
        oy = clamp(oy);
        loadFrame(frame, ox, oy, workRe);
        Arrays.fill(workIm, 0f);
        fft.forward(workRe, workIm);
        System.arraycopy(workRe, 0, crossRe, 0, w * h);
        System.arraycopy(workIm, 0, crossIm, 0, w * h);
        whiten();
        System.arraycopy(crossRe, 0, workRe, 0, w * h);
        System.arraycopy(crossIm, 0, workIm, 0, w * h);
        fft.inverse(workRe, workIm);
        peak(subpixel, ox, oy);
    }

    private int clamp(int o) { return Math.max(-maxShift, Math.min(maxShift, o)); }

    /** The frame's spectrum in the cross-power arrays times conj(reference), whitened and weighted, in place. */
    private void whiten() {
        float[] cr = crossRe, ci = crossIm, br = refRe, bi = refIm;
        for (int k = 0, n = w * h; k < n; k++) {
            float re = cr[k] * br[k] + ci[k] * bi[k], im = ci[k] * br[k] - cr[k] * bi[k]; // F · conj(R)
            // |F·R|^(−1/2); the tiny term keeps an empty frequency at 0 without a branch (a branch stops vectorising)
            float s = weight[k] / (float) Math.sqrt((float) Math.sqrt(re * re + im * im + 1e-30f));
            cr[k] = re * s;
            ci[k] = im * s;
        }
    }

    /**
     * {@link #correlate} for two same-sized patches at once, at their own next windows. Z = A + iB of the two real
     * windows; A(k) = (Z(k) + conj Z(−k)) / 2 and B(k) = (Z(k) − conj Z(−k)) / 2i by Hermitian symmetry. Both
     * correlations are real, so CA + i·CB goes back in one inverse: its real part is A's, its imaginary part B's.
     */
    private static void correlatePair(PhaseCorrelator a, PhaseCorrelator b, short[] frame, boolean subpixel) {
        int ax = a.clamp(a.nextX()), ay = a.clamp(a.nextY()), bx = b.clamp(b.nextX()), by = b.clamp(b.nextY());
        float[] zr = a.workRe, zi = a.workIm;
        a.loadFrame(frame, ax, ay, zr);
        b.loadFrame(frame, bx, by, zi);
        a.fft.forward(zr, zi);
        int w = a.w, h = a.h;
        float[] car = a.crossRe, cai = a.crossIm, cbr = b.crossRe, cbi = b.crossIm;
        for (int ky = 0; ky < h; ky++) {
            int line = ky * w, neg = ky == 0 ? 0 : (h - ky) * w;
            for (int kx = 0; kx < w; kx++) {
                int k = line + kx, m = kx == 0 ? neg : neg + w - kx;
                float pr = zr[k], pi = zi[k], nr = zr[m], ni = zi[m];
                car[k] = 0.5f * (pr + nr);
                cai[k] = 0.5f * (pi - ni);
                cbr[k] = 0.5f * (pi + ni);
                cbi[k] = 0.5f * (nr - pr);
            }
        }
        a.whiten();
        b.whiten();
        for (int k = 0, n = w * h; k < n; k++) {
            zr[k] = car[k] - cbi[k];
            zi[k] = cai[k] + cbr[k];
        }
        a.fft.inverse(zr, zi);
        System.arraycopy(zi, 0, b.workRe, 0, w * h);
        a.peak(subpixel, ax, ay);
        b.peak(subpixel, bx, by);
    }

    /** The highest point of the correlation in {@link #workRe} within the maximum shift, for the window (ox, oy). */
    private void peak(boolean subpixel, int ox, int oy) {
        float[] a = workRe;
        int bi = 0, bj = 0;
        float best = Float.NEGATIVE_INFINITY;
        int lim = Math.min(w, h) / 2 - 2;
        for (int sx = Math.max(-lim, -maxShift - ox); sx <= Math.min(lim, maxShift - ox); sx++) {
            int i = Math.floorMod(sx, w);
            for (int sy = Math.max(-lim, -maxShift - oy); sy <= Math.min(lim, maxShift - oy); sy++) {
                int j = Math.floorMod(sy, h);
                float v = a[i * h + j];
                if (v > best) {
                    best = v;
                    bi = sx;
                    bj = sy;
                }
            }
        }
        peak = best;
        double fx = 0, fy = 0;
        if (subpixel) {
            fx = refine(at(bi - 1, bj), best, at(bi + 1, bj));
            fy = refine(at(bi, bj - 1), best, at(bi, bj + 1));
        }
        windowX = ox;
        windowY = oy;
        dx = ox + bi + fx;
        dy = oy + bj + fy;
    }

    /**
     * Refines the last {@link #correlate}'s Gaussian fit from its cross-power spectrum: the peak moved onto the grid by
     * the estimate, where the three-point fit is unbiased, twice.
     */
    private void resample() {
        double ex = dx - windowX, ey = dy - windowY;
        for (int it = 0; it < 2; it++) {
            sample(ex, ey);
            ex += refine(near[1], near[0], near[2]);
            ey += refine(near[3], near[0], near[4]);
        }
        dx = windowX + ex;
        dy = windowY + ey;
    }

    /**
     * e^{2πi·k·shift/n} for the signed frequencies k of an n-point transform, into {@code out} from complex slot
     * {@code at}: by rotation (two trigonometric calls per ramp, not two per frequency), in double precision.
     */
    private static void ramp(float[] out, int at, int n, double shift) {
        double step = 2 * Math.PI * shift / n;
        double sr = Math.cos(step), si = Math.sin(step);
        double cr = 1, ci = 0; // k = 0, 1, ... up to n/2
        for (int k = 0; k <= n / 2; k++) {
            out[2 * (at + k)] = (float) cr;
            out[2 * (at + k) + 1] = (float) ci;
            double t = cr * sr - ci * si;
            ci = cr * si + ci * sr;
            cr = t;
        }
        cr = 1;
        ci = 0; // k = −1, −2, ... down to −(n − n/2 − 1)
        for (int k = n - 1; k > n / 2; k--) {
            double t = cr * sr + ci * si;
            ci = ci * sr - cr * si;
            cr = t;
            out[2 * (at + k)] = (float) cr;
            out[2 * (at + k) + 1] = (float) ci;
        }
    }

    /**
     * The correlation at (ex, ey) and one pixel either side along each axis, straight from the cross-power spectrum
     * (the Fourier shift theorem; separable, three sums over the spectrum): near[0] centre, [1] x−1, [2] x+1, [3] y−1,
     * [4] y+1. The correlation is real, so half the spectrum (ky from 0 to h/2, the inner ones counted twice) gives it
     * as the real part. The sums over y run across whole lines of x at once (vectorised). Allocates nothing.
     */
    private void sample(double ex, double ey) {
        for (int s = 0; s < 3; s++) {
            ramp(rampY, s * h, h, ey + s - 1);
            ramp(rampX, s * w, w, ex + s - 1);
        }
        Arrays.fill(sumRe0, 0f);
        Arrays.fill(sumIm0, 0f);
        Arrays.fill(sumReM, 0f);
        Arrays.fill(sumImM, 0f);
        Arrays.fill(sumReP, 0f);
        Arrays.fill(sumImP, 0f);
        for (int j = 0; j <= h / 2; j++) {
            float twice = j == 0 || j == h / 2 ? 1f : 2f;
            float a0 = twice * rampY[2 * (h + j)], b0 = twice * rampY[2 * (h + j) + 1];
            float am = twice * rampY[2 * j], bm = twice * rampY[2 * j + 1];
            float ap = twice * rampY[2 * (2 * h + j)], bp = twice * rampY[2 * (2 * h + j) + 1];
            int line = fft.spectrumIndex(0, j);
            for (int i = 0; i < w; i++) {
                float xr = crossRe[line + i], xi = crossIm[line + i];
                sumRe0[i] += xr * a0 - xi * b0;
                sumIm0[i] += xr * b0 + xi * a0;
                sumReM[i] += xr * am - xi * bm;
                sumImM[i] += xr * bm + xi * am;
                sumReP[i] += xr * ap - xi * bp;
                sumImP[i] += xr * bp + xi * ap;
            }
        }
        double c = 0, xm = 0, xp = 0, ym = 0, yp = 0;
        for (int i = 0; i < w; i++) {
            int q0 = 2 * (w + i), qm = 2 * i, qp = 2 * (2 * w + i);
            double r0 = sumRe0[i], i0 = sumIm0[i];
            c += r0 * rampX[q0] - i0 * rampX[q0 + 1];
            xm += r0 * rampX[qm] - i0 * rampX[qm + 1];
            xp += r0 * rampX[qp] - i0 * rampX[qp + 1];
            ym += sumReM[i] * rampX[q0] - sumImM[i] * rampX[q0 + 1];
            yp += sumReP[i] * rampX[q0] - sumImP[i] * rampX[q0 + 1];
        }
        near[0] = c;
        near[1] = xm;
        near[2] = xp;
        near[3] = ym;
        near[4] = yp;
    }

    private float at(int sx, int sy) {
        return workRe[Math.floorMod(sx, w) * h + Math.floorMod(sy, h)];
    }

    /** Offset of the top of a peak sampled at −1, 0, +1: a Gaussian through three positive points, else a parabola. */
    static double refine(double left, double centre, double right) {
        double d;
        if (left > 0 && centre > 0 && right > 0) {
            double l = Math.log(left), c = Math.log(centre), r = Math.log(right);
            double den = l - 2 * c + r;
            d = den < 0 ? 0.5 * (l - r) / den : 0;
        } else {
            double den = left - 2 * centre + right;
            d = den < 0 ? 0.5 * (left - right) / den : 0;
        }
        return Math.max(-0.5, Math.min(0.5, d));
    }

    /** Copies the reference's patch, mean-subtracted and tapered, as the real values of a real-input transform. */
    private void load(float[] image, float[] out) {
        double sum = 0;
        for (int i = 0; i < w; i++) {
            int col = (patch.x() + i) * lines + patch.y();
            for (int j = 0; j < h; j++) {
                float v = image[col + j];
                out[i * h + j] = v;
                sum += v;
            }
        }
        finish(out, sum);
    }

    /** The same for the frame's window moved by (ox, oy), pixels beyond the frame's edge repeating the edge. */
    private void loadFrame(short[] frame, int ox, int oy, float[] out) {
        double sum = 0;
        int columns = frame.length / lines;
        for (int i = 0; i < w; i++) {
            int x = Math.max(0, Math.min(columns - 1, patch.x() + ox + i));
            int col = x * lines;
            int y0 = patch.y() + oy;
            boolean inside = y0 >= 0 && y0 + h <= lines;
            for (int j = 0; j < h; j++) {
                int y = inside ? y0 + j : Math.max(0, Math.min(lines - 1, y0 + j));
                float v = frame[col + y] & 0xFFFF;
                out[i * h + j] = v;
                sum += v;
            }
        }
        finish(out, sum);
    }

    private void finish(float[] out, double sum) {
        float mean = (float) (sum / (w * h));
        for (int k = 0, n = w * h; k < n; k++) out[k] = (out[k] - mean) * taper[k];
    }
}
