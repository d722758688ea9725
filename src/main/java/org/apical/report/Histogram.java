package org.apical.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Overlaid histograms of several samples (e.g. residual distributions per condition or per group) on common
 * bins, as densities (fraction per unit of x) so that samples of unequal size compare; each a translucent fill
 * under a step outline in its palette colour. The bins span the 0.5–99.5 % quantiles of all samples pooled, so
 * one outlier does not squash the rest; values beyond fall in the outer bins. Default bin count: the
 * Freedman–Diaconis rule on the pooled values, 10 to 80.
 */
public final class Histogram {
    public static final int WIDTH = 900;
    public static final int HEIGHT = 560;

    private record Sample(String name, double[] values) {}

    private final String title;
    private final String xLabel;
    private final List<Sample> samples = new ArrayList<>();
    private int bins = 0;

    public Histogram(String title, String xLabel) {
        this.title = title;
        this.xLabel = xLabel;
    }

    /** A sample; NaN values are ignored. */
    public Histogram add(String name, double[] values) {
        samples.add(new Sample(name, Arrays.stream(values).filter(Double::isFinite).toArray()));
        return this;
    }

    /** A fixed number of bins (0: automatic). */
    public Histogram bins(int n) {
        if (n < 0) throw new IllegalArgumentException("bins must be >= 0, got " + n);
        bins = n;
        return this;
    }

    public void write(Path png) { write(png, WIDTH, HEIGHT); }

    public void write(Path png, int width, int height) { Canvas.write(render(width, height), png); }

    public BufferedImage render(int width, int height) { return Canvas.render(width, height, g -> draw(g, width, height)); }

    /** The bin edges for the pooled samples. */
    double[] edges() {
        double[] pooled = samples.stream().flatMapToDouble(s -> Arrays.stream(s.values())).sorted().toArray();
        if (pooled.length == 0) return new double[] {0, 1};
        double lo = quantile(pooled, 0.005), hi = quantile(pooled, 0.995);
        if (!(hi > lo)) { lo -= 0.5; hi += 0.5; }
        int n = bins;
        if (n == 0) {
            double iqr = quantile(pooled, 0.75) - quantile(pooled, 0.25);
            double width = 2 * iqr / Math.cbrt(pooled.length);
            n = width > 0 ? (int) Math.ceil((hi - lo) / width) : 20;
            n = Math.max(10, Math.min(80, n));
        }
        double[] e = new double[n + 1];
        for (int i = 0; i <= n; i++) e[i] = lo + (hi - lo) * i / n;
        return e;
    }

    /** Density per bin of one sample on these edges (values beyond the edges counted in the outer bins). */
    static double[] density(double[] values, double[] edges) {
        int n = edges.length - 1;
        double[] d = new double[n];
        double w = (edges[n] - edges[0]) / n;
        for (double v : values) {
            int b = (int) Math.floor((v - edges[0]) / w);
            d[Math.max(0, Math.min(n - 1, b))]++;
        }
        for (int i = 0; i < n; i++) d[i] = values.length == 0 ? 0 : d[i] / values.length / w;
        return d;
    }

    private void draw(Graphics2D g, int width, int height) {
        double[] edges = edges();
        List<double[]> dens = new ArrayList<>();
        for (Sample s : samples) dens.add(density(s.values(), edges));
        double[] yr = Axes.range(true, 0.04, dens.toArray(double[][]::new));
        Axes a = Axes.of(80, width - 24, 48, height - 62, new double[] {edges[0], edges[edges.length - 1]}, yr, 0, 6);
        Canvas.title(g, title, width);
        a.draw(g, xLabel, "density");
        a.clip(g);
        List<Canvas.Entry> entries = new ArrayList<>();
        for (int k = 0; k < samples.size(); k++) {
            Color c = Canvas.colour(k);
            Path2D.Double step = new Path2D.Double();
            double[] d = dens.get(k);
            step.moveTo(a.pxd(edges[0]), a.pyd(0));
            for (int i = 0; i < d.length; i++) {
                step.lineTo(a.pxd(edges[i]), a.pyd(d[i]));
                step.lineTo(a.pxd(edges[i + 1]), a.pyd(d[i]));
            }
            step.lineTo(a.pxd(edges[edges.length - 1]), a.pyd(0));
            g.setColor(Canvas.translucent(c, 60));
            g.fill(step);
            g.setColor(c);
            g.setStroke(new BasicStroke(2f));
            g.draw(step);
            entries.add(new Canvas.Entry(samples.get(k).name() + " (n = " + samples.get(k).values().length + ")", c, false, true));
        }
        g.setClip(null);
        Canvas.legend(g, a, entries);
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        if (i >= sorted.length - 1) return sorted[sorted.length - 1];
        return sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]);
    }
}
