package org.apical.reward;

import java.util.List;

/**
 * A valve calibration from weighed water: at each open time t_i, n_i pulses gave V_i µl in total (1 mg of water is
 * 1 µl). The per-pulse volume is fitted as a line v = ulPerMs × (t − deadMs) by least squares; with a single open
 * time the line goes through the origin (deadMs = 0).
 */
public record CalibrationFit(double ulPerMs, double deadMs, List<Point> points) {

    /** One open time: pulses given, total weighed, per pulse, and what the fitted line predicts. */
    public record Point(double openMs, int pulses, double totalUl, double perPulseUl, double fittedUl) {}

    public static CalibrationFit of(double[] openMs, int pulses, double[] totalUl) {
        if (openMs.length != totalUl.length) {
            throw new IllegalArgumentException(openMs.length + " open times but " + totalUl.length + " volumes");
        }
        int n = openMs.length;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = totalUl[i] / pulses;
        double slope;
        double intercept;
        if (n == 1) {
            slope = v[0] / openMs[0];
            intercept = 0;
        } else {
            double mt = 0, mv = 0;
            for (int i = 0; i < n; i++) {
                mt += openMs[i] / n;
                mv += v[i] / n;
            }
            double sxy = 0, sxx = 0;
            for (int i = 0; i < n; i++) {
                sxy += (openMs[i] - mt) * (v[i] - mv);
                sxx += (openMs[i] - mt) * (openMs[i] - mt);
            }
            if (sxx == 0) throw new IllegalArgumentException("the open times must differ to fit a line");
            slope = sxy / sxx;
            intercept = mv - slope * mt;
        }
        if (!(slope > 0)) {
            throw new IllegalArgumentException("the weighed volumes do not grow with the open time (slope "
                    + slope + " µl/ms): check the weighings and their order");
        }
        double dead = intercept == 0 ? 0 : -intercept / slope;
        List<Point> pts = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            pts.add(new Point(openMs[i], pulses, totalUl[i], v[i], slope * openMs[i] + intercept));
        }
        return new CalibrationFit(slope, dead, List.copyOf(pts));
    }
}
