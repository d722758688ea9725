package org.apical.xdf;

/**
 * pyxdf's jitter removal: for a regular stream, timestamps are replaced by a least-squares line over the sample
 * index, separately in each segment; segments break where consecutive timestamps differ by more than
 * max(1 s, 500 sample intervals).
 */
public final class Dejitter {
    private Dejitter() {}

    /** Dejitters {@code ts} in place; returns the effective rate (sum(n−1) / sum(durations)), 0 if none. */
    public static double apply(double[] ts, double nominalRate) {
        if (nominalRate <= 0 || ts.length == 0) return 0;
        double gap = Math.max(1.0, 500.0 / nominalRate);
        long samples = 0;
        double duration = 0;
        int start = 0;
        for (int i = 1; i <= ts.length; i++) {
            if (i == ts.length || Math.abs(ts[i] - ts[i - 1]) > gap) {
                fitSegment(ts, start, i);
                if (i - start > 1) {
                    samples += i - start - 1;
                    duration += ts[i - 1] - ts[start];
                }
                start = i;
            }
        }
        return duration > 0 ? samples / duration : 0;
    }

    private static void fitSegment(double[] ts, int from, int to) {
        int n = to - from;
        if (n < 2) return;
        double mi = (n - 1) / 2.0;
        double base = ts[from];
        double my = 0;
        for (int i = 0; i < n; i++) my += ts[from + i] - base;
        my /= n;
        double sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++) {
            double dx = i - mi;
            sxx += dx * dx;
            sxy += dx * (ts[from + i] - base - my);
        }
        double b = sxy / sxx;
        for (int i = 0; i < n; i++) ts[from + i] = base + my + b * (i - mi);
    }
}
