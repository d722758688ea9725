package org.apical.lsl;

/**
 * Smooths the timestamps of a regular stream with a recursive least-squares line fit over sample index, with
 * exponential forgetting (half-time {@code SmoothingHalftime} seconds), as liblsl's dejitter post-processing does.
 */
final class Dejitter {
    private final double lambda;
    private final double rate;
    private double w0, w1;         // line: t = w0 + w1 * n
    private double p00, p01, p11;  // inverse covariance
    private long n;
    private double base = Double.NaN;

    Dejitter(double rate, double halftimeSeconds) {
        this.rate = rate;
        this.lambda = Math.pow(2, -1.0 / Math.max(1e-9, rate * halftimeSeconds));
        reset();
    }

    void reset() {
        w0 = 0;
        w1 = 1 / rate;
        p00 = 1e10;
        p01 = 0;
        p11 = 1e10;
        n = 0;
        base = Double.NaN;
    }

    double apply(double t) {
        if (Double.isNaN(base)) base = t;
        double y = t - base;
        double x0 = 1, x1 = n;
        // RLS update
        double px0 = p00 * x0 + p01 * x1, px1 = p01 * x0 + p11 * x1;
        double denom = lambda + x0 * px0 + x1 * px1;
        double k0 = px0 / denom, k1 = px1 / denom;
        double err = y - (w0 * x0 + w1 * x1);
        w0 += k0 * err;
        w1 += k1 * err;
        double np00 = (p00 - k0 * px0) / lambda, np01 = (p01 - k0 * px1) / lambda, np11 = (p11 - k1 * px1) / lambda;
        p00 = np00;
        p01 = np01;
        p11 = np11;
        double fitted = base + w0 + w1 * n;
        n++;
        return n < 3 ? t : fitted;
    }
}
