package org.apical.imaging;

import java.util.Locale;

/**
 * The frames' shifts as the console and the summary show them: the last one, the largest, the mean magnitude. Written
 * by the frame thread, read by any other (each field on its own; a reader may see a mix of two frames, never a torn
 * value).
 */
public final class ShiftStats {
    private volatile long frames;
    private volatile double lastX;
    private volatile double lastY;
    private volatile double maxAbs;
    private double sumAbs;
    private volatile double meanAbs;

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

    /** One console line: {@code frames 900, shift x +1.25 y -0.40 px (mean 0.80, max 2.10)}. */
    public String describe() {
        return String.format(Locale.ROOT, "frames %d, shift x %+.2f y %+.2f px (mean %.2f, max %.2f)", frames(),
                lastX(), lastY(), meanAbs(), maxAbs());
    }
}
