package org.apical.imaging;

import java.util.Arrays;

/**
 * Rigid motion estimation against a reference image: a template match per patch (the whole frame, or a few patches
 * as the source lab does) and the median of the patch shifts along each axis, so one patch with a passing artefact
 * does not move the frame. Shifts are bounded by the maximum shift. Allocates nothing per frame.
 */
public final class MotionCorrector {
    private final TemplateMatcher[] patches;
    private final double[] xs;
    private final double[] ys;
    private final boolean subpixel;
    private double dx;
    private double dy;

    public MotionCorrector(FrameGeometry g, Patch[] patches, int maxShift, boolean subpixel) {
        this.patches = new TemplateMatcher[patches.length];
        for (int i = 0; i < patches.length; i++) {
            if (!patches[i].inside(g)) {
                throw new IllegalArgumentException("motion patch " + patches[i] + " is not inside the "
                        + g.pixels() + " × " + g.lines() + " frame (or is smaller than 8 pixels)");
            }
            this.patches[i] = new TemplateMatcher(patches[i], g, maxShift);
        }
        this.xs = new double[patches.length];
        this.ys = new double[patches.length];
        this.subpixel = subpixel;
    }

    /** The reference image, column-major in the frame's geometry. */
    public void reference(float[] image) {
        for (TemplateMatcher p : patches) p.reference(image);
    }

    /** Estimates the frame's shift; read it with {@link #dx()}, {@link #dy()}. */
    public void estimate(short[] frame) {
        // every window starts at the frame's last shift, not its own patch's: a patch with little content that
        // strayed does not keep its window away from where the content is
        for (TemplateMatcher p : patches) {
            p.dx = dx;
            p.dy = dy;
        }
        // same-sized neighbours share their transforms, two real windows in one complex FFT
        for (int i = 0; i < patches.length; i++) {
            if (i + 1 < patches.length && patches[i].pairsWith(patches[i + 1])) {
                TemplateMatcher.estimatePair(patches[i], patches[i + 1], frame, subpixel);
                i++;
            } else {
                patches[i].estimate(frame, subpixel);
            }
        }
        for (int i = 0; i < patches.length; i++) {
            xs[i] = patches[i].dx;
            ys[i] = patches[i].dy;
        }
        dx = median(xs);
        dy = median(ys);
    }

    /** Shift of the frame's content against the reference along the pixels of a line (x), in pixels. */
    public double dx() { return dx; }

    /** Shift along the lines (y), in pixels. */
    public double dy() { return dy; }

    public int patchCount() { return patches.length; }

    private static double median(double[] v) {
        if (v.length == 1) return v[0];
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }
}
