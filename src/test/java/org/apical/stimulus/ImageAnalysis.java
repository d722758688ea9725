package org.apical.stimulus;

/**
 * Reads a grating back from pixels, independently of the renderer: orientation from the 2-D structure tensor,
 * period from rising crossings of the mean along a line. Pixels are ARGB; the blue channel is the drive level.
 */
public final class ImageAnalysis {
    private ImageAnalysis() {}

    public static int drive(int argb) { return argb & 0xFF; }

    /**
     * The orientation (degrees in [0, 180), project convention) of the dominant structure in the box
     * [x0, x1) × [y0, y1): the gradient's principal direction is the grating's normal (cos θ, sin θ), y down.
     */
    public static double orientation(int[] px, int w, int x0, int y0, int x1, int y1) {
        double jxx = 0, jyy = 0, jxy = 0;
        for (int y = Math.max(1, y0); y < y1 - 1; y++) {
            for (int x = Math.max(1, x0); x < x1 - 1; x++) {
                double gx = (drive(px[y * w + x + 1]) - drive(px[y * w + x - 1])) / 2.0;
                double gy = (drive(px[(y + 1) * w + x]) - drive(px[(y - 1) * w + x])) / 2.0;
                jxx += gx * gx;
                jyy += gy * gy;
                jxy += gx * gy;
            }
        }
        double phi = Math.toDegrees(0.5 * Math.atan2(2 * jxy, jxx - jyy));
        return phi < 0 ? phi + 180 : phi;
    }

    /** Smallest difference between two orientations (mod 180°). */
    public static double orientationError(double a, double b) {
        double d = Math.abs(a - b) % 180;
        return Math.min(d, 180 - d);
    }

    /** Anisotropy (0 = no preferred direction, 1 = perfectly one-dimensional): how clear the orientation is. */
    public static double coherence(int[] px, int w, int x0, int y0, int x1, int y1) {
        double jxx = 0, jyy = 0, jxy = 0;
        for (int y = Math.max(1, y0); y < y1 - 1; y++) {
            for (int x = Math.max(1, x0); x < x1 - 1; x++) {
                double gx = (drive(px[y * w + x + 1]) - drive(px[y * w + x - 1])) / 2.0;
                double gy = (drive(px[(y + 1) * w + x]) - drive(px[(y - 1) * w + x])) / 2.0;
                jxx += gx * gx;
                jyy += gy * gy;
                jxy += gx * gy;
            }
        }
        double tr = jxx + jyy;
        return tr == 0 ? 0 : Math.sqrt((jxx - jyy) * (jxx - jyy) + 4 * jxy * jxy) / tr;
    }

    /**
     * Mean period (pixels) along the line through the image centre in direction (cos θ, sin θ), from the first to
     * the last rising crossing of {@code level}; NaN with fewer than two crossings.
     */
    public static double periodAlong(int[] px, int w, int h, double angleDeg, double level, int[] crossingsOut) {
        double c = Math.cos(Math.toRadians(angleDeg)), s = Math.sin(Math.toRadians(angleDeg));
        double cx = w / 2.0, cy = h / 2.0;
        double first = Double.NaN, last = Double.NaN;
        int n = 0;
        double prev = Double.NaN;
        for (double t = -Math.max(w, h); t <= Math.max(w, h); t += 0.25) {
            int x = (int) Math.floor(cx + t * c), y = (int) Math.floor(cy + t * s);
            if (x < 0 || y < 0 || x >= w || y >= h) {
                prev = Double.NaN;
                continue;
            }
            double v = drive(px[y * w + x]);
            if (prev < level && v >= level) {
                if (n == 0) first = t;
                last = t;
                n++;
            }
            prev = v;
        }
        if (crossingsOut != null) crossingsOut[0] = n;
        return n < 2 ? Double.NaN : (last - first) / (n - 1);
    }
}
