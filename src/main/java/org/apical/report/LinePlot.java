package org.apical.report;

import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small headless line plot written as PNG (Java2D into a {@link BufferedImage}, no display needed): titled
 * axes with round-number ticks, several series with optional shaded bands (confidence intervals), solid or
 * dashed lines, point markers, a legend. NaN points break a line. Reusable by any report:
 * <pre>
 *   new LinePlot("I_redundancy over the trial", "time (s)", "information (1/δs²)")
 *       .add(LinePlot.Series.of("I_real", t, real).withBand(lo, hi))
 *       .add(LinePlot.Series.of("model", t, truth).asDashed())
 *       .write(dir.resolve("time.png"));
 * </pre>
 */
public final class LinePlot {
    public static final int WIDTH = 900;
    public static final int HEIGHT = 560;

    /**
     * One line. {@code low}/{@code high} (may be null) shade a band; {@code colour} -1 picks the next palette
     * colour; {@code dashed} for reference lines (e.g. the model's exact value).
     */
    public record Series(String name, double[] x, double[] y, double[] low, double[] high, boolean dashed,
                         boolean markers, int colour) {
        public Series {
            if (x.length != y.length) throw new IllegalArgumentException(name + ": x and y differ in length");
            if (low != null && (low.length != x.length || high == null || high.length != x.length)) {
                throw new IllegalArgumentException(name + ": band arrays must match x");
            }
        }

        public static Series of(String name, double[] x, double[] y) {
            return new Series(name, x, y, null, null, false, x.length <= 40, -1);
        }

        public Series withBand(double[] lo, double[] hi) { return new Series(name, x, y, lo, hi, dashed, markers, colour); }

        public Series asDashed() { return new Series(name, x, y, low, high, true, false, colour); }

        /** Use palette colour {@code index} (so a dashed reference can share its estimate's colour). */
        public Series withColour(int index) { return new Series(name, x, y, low, high, dashed, markers, index); }
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private boolean includeZero = true;
    private boolean integerX = false;

    public LinePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public LinePlot add(Series s) { series.add(s); return this; }

    /** Whether the y axis always shows 0 (default true: information measures are compared against zero). */
    public LinePlot includeZero(boolean b) { includeZero = b; return this; }

    /** Only whole-number ticks on the x axis (session numbers, trial counts). */
    public LinePlot integerX(boolean b) { integerX = b; return this; }

    public void write(Path png) { write(png, WIDTH, HEIGHT); }

    public void write(Path png, int width, int height) { Canvas.write(render(width, height), png); }

    public BufferedImage render(int width, int height) { return Canvas.render(width, height, g -> draw(g, width, height)); }

    private void draw(Graphics2D g, int width, int height) {
        List<double[]> ys = new ArrayList<>(), xs = new ArrayList<>();
        for (Series s : series) { xs.add(s.x()); ys.add(s.y()); ys.add(s.low()); ys.add(s.high()); }
        double[] xr = Axes.range(false, 0, xs.toArray(double[][]::new));
        double[] yr = Axes.range(includeZero, 0.04, ys.toArray(double[][]::new));
        Axes f = Axes.of(80, width - 24, 48, height - 62, xr, yr, integerX ? 1 : 0, 6);
        Canvas.title(g, title, width);
        f.draw(g, xLabel, yLabel);

        f.clip(g);
        int next = 0;
        int[] colours = new int[series.size()];
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            colours[k] = s.colour() >= 0 ? s.colour() : next++;
        }
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            if (s.low() == null) continue;
            g.setColor(Canvas.translucent(Canvas.colour(colours[k]), 50));
            fillBand(g, f, s);
        }
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            g.setColor(Canvas.colour(colours[k]));
            g.setStroke(Canvas.line(s.dashed()));
            Path2D.Double p = new Path2D.Double();
            boolean pen = false;
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isFinite(s.x()[i]) || !Double.isFinite(s.y()[i])) { pen = false; continue; }
                double px = f.pxd(s.x()[i]), py = f.pyd(s.y()[i]);
                if (pen) p.lineTo(px, py); else p.moveTo(px, py);
                pen = true;
                if (s.markers()) g.fillOval((int) px - 3, (int) py - 3, 7, 7);
            }
            g.draw(p);
        }
        g.setClip(null);
        List<Canvas.Entry> entries = new ArrayList<>();
        for (int k = 0; k < series.size(); k++) {
            entries.add(new Canvas.Entry(series.get(k).name(), Canvas.colour(colours[k]), series.get(k).dashed(), false));
        }
        Canvas.legend(g, f, entries);
    }

    private static void fillBand(Graphics2D g, Axes f, Series s) {
        List<Integer> ok = new ArrayList<>();
        for (int i = 0; i < s.x().length; i++) {
            if (Double.isFinite(s.x()[i]) && Double.isFinite(s.low()[i]) && Double.isFinite(s.high()[i])) ok.add(i);
        }
        if (ok.size() < 2) return;
        Path2D.Double p = new Path2D.Double();
        p.moveTo(f.pxd(s.x()[ok.getFirst()]), f.pyd(s.high()[ok.getFirst()]));
        for (int i : ok) p.lineTo(f.pxd(s.x()[i]), f.pyd(s.high()[i]));
        for (int k = ok.size() - 1; k >= 0; k--) p.lineTo(f.pxd(s.x()[ok.get(k)]), f.pyd(s.low()[ok.get(k)]));
        p.closePath();
        g.fill(p);
    }
}
