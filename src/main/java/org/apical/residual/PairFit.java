package org.apical.residual;

import java.util.Arrays;

/**
 * One pair's line D = a + b·S through its (somatic, dendritic) event amplitudes, and the spread of its residuals.
 * <ul>
 *   <li>Reference: the events of a reference period are kept and fitted once ({@link #fitReference}).</li>
 *   <li>Running: each event updates exponentially weighted moments ({@link #update}), so the line follows slow
 *       changes; an event is judged by the line as it stood before the event.</li>
 * </ul>
 * Ordinary least squares, or Huber's M-estimator (iteratively reweighted, tuning 1.345 × a MAD scale) when outliers
 * must not pull the line: a burst measured as one huge event, a motion artefact in one compartment.
 */
public final class PairFit {
    static final double HUBER = 1.345;
    private static final double MAD_TO_SD = 1.4826;

    private double[] s = new double[16], d = new double[16];
    private int count;
    private double a = Double.NaN, b = Double.NaN, sd = Double.NaN;
    private int used;
    // running moments
    private double w, ms, md, css, csd, cdd, residualVar = Double.NaN;

    public double intercept() { return a; }
    public double slope() { return b; }
    /** SD of the residuals about the line (a robust scale for a robust fit). */
    public double residualSd() { return sd; }
    /** Events the line rests on (for a running fit: all seen so far). */
    public int events() { return used; }
    public boolean ready() { return !Double.isNaN(b); }
    public double predict(double soma) { return a + b * soma; }

    /** Keeps an event of the reference period. */
    public void addReference(double soma, double dendrite) {
        if (!Double.isFinite(soma) || !Double.isFinite(dendrite)) return;
        if (count == s.length) {
            s = Arrays.copyOf(s, count * 2);
            d = Arrays.copyOf(d, count * 2);
        }
        s[count] = soma;
        d[count] = dendrite;
        count++;
    }

    public int referenceEvents() { return count; }

    /** Fits the reference events; false (and no line) when there are fewer than {@code minEvents}. */
    public boolean fitReference(int minEvents, boolean robust) { return fitReference(minEvents, robust, 0); }

    /**
     * As {@link #fitReference(int, boolean)}, with the variance of the somatic amplitude's measurement noise: the
     * slope is divided by the reliability (var S − noise)/var S, undoing the attenuation that noise in the
     * regressor causes (errors in variables).
     */
    public boolean fitReference(int minEvents, boolean robust, double somaNoiseVariance) {
        if (count < Math.max(3, minEvents)) return false;
        double[] fit = fit(s, d, count, robust);
        if (somaNoiseVariance > 0 && Double.isFinite(fit[1])) {
            double mean = 0, var = 0;
            for (int i = 0; i < count; i++) mean += s[i];
            mean /= count;
            for (int i = 0; i < count; i++) var += (s[i] - mean) * (s[i] - mean);
            var /= count;
            double reliability = (var - somaNoiseVariance) / var;
            if (reliability > 0.5) {
                double slope = fit[1] / reliability;
                fit[0] = fit[0] + (fit[1] - slope) * mean;
                fit[1] = slope;
            }
        }
        a = fit[0];
        b = fit[1];
        sd = fit[2];
        used = count;
        return true;
    }

    /**
     * Fits {@code n} points: returns {intercept, slope, residual SD}. The SD is sqrt(SSR/(n−2)) for least squares and
     * a MAD scale for Huber. A soma amplitude with no spread gives slope NaN.
     */
    public static double[] fit(double[] x, double[] y, int n, boolean robust) {
        double[] weights = new double[n];
        Arrays.fill(weights, 1);
        double[] line = weighted(x, y, weights, n);
        if (!robust) return new double[] {line[0], line[1], Math.sqrt(ssr(x, y, n, line) / Math.max(1, n - 2))};
        double[] r = new double[n];
        double scale = Double.NaN;
        for (int iteration = 0; iteration < 50; iteration++) {
            for (int i = 0; i < n; i++) r[i] = Math.abs(y[i] - line[0] - line[1] * x[i]);
            scale = MAD_TO_SD * median(r.clone(), n);
            if (!(scale > 0)) break;
            for (int i = 0; i < n; i++) weights[i] = r[i] <= HUBER * scale ? 1 : HUBER * scale / r[i];
            double[] next = weighted(x, y, weights, n);
            boolean converged = Math.abs(next[1] - line[1]) <= 1e-10 * (1 + Math.abs(line[1]))
                    && Math.abs(next[0] - line[0]) <= 1e-10 * (1 + Math.abs(line[0]));
            line = next;
            if (converged) break;
        }
        return new double[] {line[0], line[1], scale};
    }

    private static double[] weighted(double[] x, double[] y, double[] w, int n) {
        double sw = 0, sx = 0, sy = 0;
        for (int i = 0; i < n; i++) {
            sw += w[i];
            sx += w[i] * x[i];
            sy += w[i] * y[i];
        }
        double mx = sx / sw, my = sy / sw, sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            sxx += w[i] * dx * dx;
            sxy += w[i] * dx * (y[i] - my);
        }
        double slope = sxx > 0 ? sxy / sxx : Double.NaN;
        return new double[] {my - slope * mx, slope};
    }

    private static double ssr(double[] x, double[] y, int n, double[] line) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i] - line[0] - line[1] * x[i];
            sum += r * r;
        }
        return sum;
    }

    private static double median(double[] v, int n) {
        Arrays.sort(v, 0, n);
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /**
     * Running fit: folds one event in with weight 1, older events decayed by {@code decay} per event (a half-life h
     * gives decay 2^(−1/h)). A robust fit down-weights an event that lies far from the current line (Huber). The
     * line is usable once {@code minEvents} events were seen.
     */
    public void update(double soma, double dendrite, double decay, boolean robust, int minEvents) {
        if (!Double.isFinite(soma) || !Double.isFinite(dendrite)) return;
        double weight = 1;
        if (ready()) {
            double r = dendrite - predict(soma);
            if (robust && sd > 0 && Math.abs(r) > HUBER * sd) weight = HUBER * sd / Math.abs(r);
            residualVar = decay * residualVar + (1 - decay) * weight * r * r;
        }
        w *= decay;
        css *= decay;
        csd *= decay;
        cdd *= decay;
        // West's weighted update of the centred moments
        double total = w + weight;
        double dx = soma - ms, dy = dendrite - md;
        ms += dx * weight / total;
        md += dy * weight / total;
        css += weight * dx * (soma - ms);
        csd += weight * dx * (dendrite - md);
        cdd += weight * dy * (dendrite - md);
        w = total;
        used++;
        if (used >= Math.max(3, minEvents) && css > 0) {
            b = csd / css;
            a = md - b * ms;
            // the spread is seeded from the moments when the line is first used, then follows its residuals
            if (Double.isNaN(residualVar)) residualVar = Math.max(0, (cdd - b * csd) / w);
            sd = Math.sqrt(residualVar);
        }
    }
}
