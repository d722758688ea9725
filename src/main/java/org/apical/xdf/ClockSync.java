package org.apical.xdf;

/**
 * The clock correction pyxdf applies: offsets (local − remote) measured at collection times t_i (stream clock)
 * are fitted by a line a + b·t and a + b·t is added to every timestamp t. One measurement gives a constant,
 * none gives no correction. The robust fit is a Huber regression (iteratively reweighted least squares) with
 * pyxdf's threshold of 0.1 ms, so a few bad measurements (a network hiccup during time correction) barely move
 * the line. pyxdf's clock-reset segmentation is not done.
 */
public final class ClockSync {
    private ClockSync() {}

    /** pyxdf's winsor_threshold: residuals beyond this many seconds get linear instead of quadratic loss. */
    public static final double HUBER_SECONDS = 1e-4;

    /** {@code {a, b}} for the given measurements. */
    public static double[] fit(double[] times, double[] values, boolean robust) {
        int n = Math.min(times.length, values.length);
        if (n == 0) return new double[] {0, 0};
        if (n == 1) return new double[] {values[0], 0};
        double t0 = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) t0 = Math.min(t0, times[i]);
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0);
        double[] ab = weighted(times, values, w, n, t0);
        if (robust) {
            for (int iter = 0; iter < 50; iter++) {
                for (int i = 0; i < n; i++) {
                    double r = Math.abs(values[i] - (ab[0] + ab[1] * (times[i] - t0)));
                    w[i] = r <= HUBER_SECONDS ? 1.0 : HUBER_SECONDS / r;
                }
                double[] next = weighted(times, values, w, n, t0);
                boolean done = Math.abs(next[0] - ab[0]) < 1e-12 && Math.abs(next[1] - ab[1]) < 1e-15;
                ab = next;
                if (done) break;
            }
        }
        // Back from centred time: a + b (t − t0) = (a − b t0) + b t.
        return new double[] {ab[0] - ab[1] * t0, ab[1]};
    }

    private static double[] weighted(double[] t, double[] y, double[] w, int n, double t0) {
        double sw = 0, st = 0, sy = 0;
        for (int i = 0; i < n; i++) {
            sw += w[i];
            st += w[i] * (t[i] - t0);
            sy += w[i] * y[i];
        }
        double mt = st / sw, my = sy / sw;
        double stt = 0, sty = 0;
        for (int i = 0; i < n; i++) {
            double dt = t[i] - t0 - mt;
            stt += w[i] * dt * dt;
            sty += w[i] * dt * (y[i] - my);
        }
        // All measurements at one instant: no slope can be known; use the (weighted) mean offset.
        if (!(stt > 0)) return new double[] {my, 0};
        double b = sty / stt;
        return new double[] {my - b * mt, b};
    }

    /** Adds a + b·t to each timestamp, in place. */
    public static void apply(double[] timestamps, double[] ab) {
        if (ab[0] == 0 && ab[1] == 0) return;
        for (int i = 0; i < timestamps.length; i++) timestamps[i] += ab[0] + ab[1] * timestamps[i];
    }
}
