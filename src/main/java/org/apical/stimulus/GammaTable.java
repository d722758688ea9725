package org.apical.stimulus;

/**
 * The monitor's gamma, from the rig file's {@code screen.gamma}, turned both ways: {@link #luminance(int)} is the
 * monitor's response (drive level 0..255 → luminance 0..1, normalised between its black and its white) and
 * {@link #drive(double)} its inverse, used when the grating's waveform table is built (never per pixel).
 *
 * <p>No table: the monitor is treated as linear. One value: a power law, luminance = (drive/255)^γ. Two or more:
 * luminance measured at drive levels evenly spaced from 0 to 255, interpolated linearly between them.
 */
public final class GammaTable {
    private final double[] measured; // normalised to [0, 1]; null for linear or power law
    private final double exponent;   // 1 for linear

    private GammaTable(double[] measured, double exponent) {
        this.measured = measured;
        this.exponent = exponent;
    }

    /** From {@code screen.gamma} as validated by the rig reader (null = linear). */
    public static GammaTable of(double[] gamma) {
        if (gamma == null || gamma.length == 0) return new GammaTable(null, 1);
        if (gamma.length == 1) return new GammaTable(null, gamma[0]);
        double lo = gamma[0];
        double span = gamma[gamma.length - 1] - lo;
        if (!(span > 0)) throw new IllegalArgumentException("gamma table is flat");
        double[] m = new double[gamma.length];
        for (int i = 0; i < m.length; i++) m[i] = (gamma[i] - lo) / span;
        return new GammaTable(m, 1);
    }

    public static GammaTable linear() { return new GammaTable(null, 1); }

    /** The monitor's luminance (0..1) at a drive level (0..255). */
    public double luminance(int drive) {
        double d = Math.clamp(drive, 0, 255) / 255.0;
        if (measured == null) return Math.pow(d, exponent);
        double pos = d * (measured.length - 1);
        int i = Math.min((int) pos, measured.length - 2);
        double f = pos - i;
        return measured[i] + f * (measured[i + 1] - measured[i]);
    }

    /** The drive level (0..255) whose luminance is closest to {@code luminance} (clipped to 0..1). */
    public int drive(double luminance) {
        double l = Math.clamp(luminance, 0.0, 1.0);
        if (measured == null) return (int) Math.round(255 * Math.pow(l, 1 / exponent));
        // The forward curve is monotone: search the drive level directly, so the answer is the best 8-bit level.
        int lo = 0, hi = 255;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (luminance(mid) < l) lo = mid + 1; else hi = mid;
        }
        if (lo > 0 && Math.abs(luminance(lo - 1) - l) <= Math.abs(luminance(lo) - l)) {
            // a flat stretch or a closer level below: keep the lowest level giving that luminance
            double below = luminance(lo - 1);
            if (Math.abs(below - l) < Math.abs(luminance(lo) - l)) return lo - 1;
        }
        return lo;
    }

    public boolean isLinear() { return measured == null && exponent == 1; }
}
