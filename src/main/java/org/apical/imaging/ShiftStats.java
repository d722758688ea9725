package org.apical.imaging;

import java.util.Locale;

/**
 * The frames' shifts as the console and the summary show them: the last one, the largest, the mean magnitude. Written
 * by the frame thread, read by any other (each field on its own; a reader may see a mix of two frames, never a torn
 * value).
 */
public final class ShiftStats {
    /** Each plane's own, when these are the shifts of several planes together (else empty). */
    private final ShiftStats[] planes;
    private volatile long frames;
    private volatile double lastX;
    private volatile double lastY;
    private volatile double maxAbs;
    private double sumAbs;
    private volatile double meanAbs;

    public ShiftStats() { this.planes = new ShiftStats[0]; }

    /** The shifts of several planes' frames together, and each plane's own. */
    ShiftStats(ShiftStats[] planes) { this.planes = planes.clone(); }

    /** Each plane's shifts (empty for a single plane's). */
    public ShiftStats[] planes() { return planes.clone(); }

    void record(long frame, double dx, double dy) {
        double a = Math.hypot(dx, dy);
        lastX = dx;
        lastY = dy;
        if (a > maxAbs) maxAbs = a;
        sumAbs += a;
        frames = frame + 1;
        meanAbs = sumAbs / frames;
    }

    public long frames() { return frames; }
    public double lastX() { return lastX; }
    public double lastY() { return lastY; }
    public double maxAbs() { return maxAbs; }
    public double meanAbs() { return meanAbs; }

    /**
     * One console line: {@code frames 900, shift x +1.25 y -0.40 px (mean 0.80, max 2.10)}; for several planes the
     * last shift of each follows: {@code ; planes x/y +1.25/-0.40, +0.30/+0.10}.
     */
    public String describe() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "frames %d, shift x %+.2f y %+.2f px (mean %.2f,"
                + " max %.2f)", frames(), lastX(), lastY(), meanAbs(), maxAbs()));
        for (int p = 0; p < planes.length; p++) {
            b.append(p == 0 ? "; planes x/y " : ", ").append(String.format(Locale.ROOT, "%+.2f/%+.2f", planes[p].lastX(),
                    planes[p].lastY()));
        }
        return b.toString();
    }
}
