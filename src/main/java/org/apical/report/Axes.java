package org.apical.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;

/**
 * One set of axes in a pixel rectangle: data ranges rounded out to round-number ticks, the grid, tick labels, the
 * frame, axis titles, and the mapping from data to pixels. Every plot of the package draws its axes here, whole
 * plots and the small panels of a grid alike ({@code tickTarget} about 6 for a plot, 3–4 for a panel).
 */
record Axes(int left, int right, int top, int bottom, double x0, double x1, double y0, double y1, double[] xTicks,
            double[] yTicks) {

    /**
     * @param xRange   {lo, hi} of the data on x (see {@link #range})
     * @param minStepX smallest x tick step (1 for whole numbers, 0 for any)
     */
    static Axes of(int left, int right, int top, int bottom, double[] xRange, double[] yRange, double minStepX,
                   int tickTarget) {
        double[] xt = ticks(xRange[0], xRange[1], minStepX, tickTarget), yt = ticks(yRange[0], yRange[1], 0, tickTarget);
        return new Axes(left, right, top, bottom, Math.min(xRange[0], xt[0]), Math.max(xRange[1], xt[xt.length - 1]),
                Math.min(yRange[0], yt[0]), Math.max(yRange[1], yt[yt.length - 1]), xt, yt);
    }

    double pxd(double x) { return left + (x - x0) / (x1 - x0) * (right - left); }

    double pyd(double y) { return bottom - (y - y0) / (y1 - y0) * (bottom - top); }

    int px(double x) { return (int) Math.round(pxd(x)); }

    int py(double y) { return (int) Math.round(pyd(y)); }

    /** Grid, tick labels on both axes, frame, and axis titles (null for none). */
    void draw(Graphics2D g, String xLabel, String yLabel) {
        drawY(g, yLabel);
        FontMetrics fm = g.getFontMetrics();
        for (double t : xTicks) {
            int px = px(t);
            g.setColor(Canvas.GRID);
            g.drawLine(px, top, px, bottom);
            g.setColor(Color.DARK_GRAY);
            String s = label(t, xTicks);
            g.drawString(s, px - fm.stringWidth(s) / 2, bottom + fm.getAscent() + 4);
        }
        frame(g);
        if (xLabel != null) {
            g.setColor(Color.BLACK);
            g.drawString(xLabel, (left + right - fm.stringWidth(xLabel)) / 2, bottom + 2 * fm.getHeight() + 6);
        }
    }

    /** The horizontal grid, y tick labels and the y title only (for plots whose x axis is categories). */
    void drawY(Graphics2D g, String yLabel) {
        FontMetrics fm = g.getFontMetrics();
        g.setStroke(new BasicStroke(1f));
        int widest = 0;
        for (double t : yTicks) {
            int py = py(t);
            g.setColor(Canvas.GRID);
            g.drawLine(left, py, right, py);
            g.setColor(Color.DARK_GRAY);
            String s = label(t, yTicks);
            widest = Math.max(widest, fm.stringWidth(s));
            g.drawString(s, left - 6 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
        }
        if (yLabel != null) {
            g.setColor(Color.BLACK);
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2);
            g.drawString(yLabel, -(top + bottom + fm.stringWidth(yLabel)) / 2, left - widest - 12);
            g.setTransform(saved);
        }
    }

    void frame(Graphics2D g) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(left, top, right - left, bottom - top);
    }

    /** Restricts drawing to the inside of the frame (data beyond the rounded range stay inside). */
    void clip(Graphics2D g) { g.setClip(left + 1, top + 1, right - left - 1, bottom - top - 1); }

    /**
     * {lo, hi} of the finite values of {@code arrays} (null arrays skipped); {0, 1} when there are none; widened
     * to include 0 if {@code includeZero}; a degenerate range widened by ±0.5; padded by {@code pad} of its span.
     */
    static double[] range(boolean includeZero, double pad, double[]... arrays) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] a : arrays) {
            if (a == null) continue;
            for (double v : a) if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        }
        if (lo > hi) { lo = 0; hi = 1; }
        if (includeZero) { lo = Math.min(lo, 0); hi = Math.max(hi, 0); }
        if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) { lo -= 0.5; hi += 0.5; }
        double p = pad * (hi - lo);
        hi += p;
        if (lo < 0 || !includeZero) lo -= p;
        return new double[] {lo, hi};
    }

    /** Round-number ticks covering [lo, hi] (1, 2, 5 × 10^k steps, about 6 of them). */
    static double[] ticks(double lo, double hi) { return ticks(lo, hi, 0, 6); }

    /** Round-number ticks covering [lo, hi]: about {@code target} of them, a step of at least {@code minStep}. */
    static double[] ticks(double lo, double hi, double minStep, int target) {
        double raw = Math.max((hi - lo) / target, minStep);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * mag >= raw) { step = m * mag; break; }
        }
        double first = Math.floor(lo / step + 1e-9) * step;
        double last = Math.ceil(hi / step - 1e-9) * step;
        int count = (int) Math.round((last - first) / step) + 1;
        double[] t = new double[count];
        for (int i = 0; i < count; i++) t[i] = first + i * step;
        return t;
    }

    /** A tick label with as many decimals as the step needs. */
    static String label(double v, double[] ticks) {
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        if (Math.abs(v) < step * 1e-6) v = 0;
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f", v);
    }
}
