package org.apical.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

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

    private static final Color[] PALETTE = {
            new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
            new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf),
    };

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

    public void write(Path png, int width, int height) {
        try {
            if (!ImageIO.write(render(width, height), "png", png.toFile())) throw new IOException("no PNG writer");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + png + ": " + e.getMessage(), e);
        }
    }

    public BufferedImage render(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            draw(g, width, height);
        } finally {
            g.dispose();
        }
        return img;
    }

    private void draw(Graphics2D g, int width, int height) {
        double[] xr = range(true), yr = range(false);
        double[] xt = ticks(xr[0], xr[1], integerX ? 1 : 0), yt = ticks(yr[0], yr[1], 0);
        double x0 = Math.min(xr[0], xt[0]), x1 = Math.max(xr[1], xt[xt.length - 1]);
        double y0 = Math.min(yr[0], yt[0]), y1 = Math.max(yr[1], yt[yt.length - 1]);
        int left = 80, right = width - 24, top = 48, bottom = height - 62;
        Frame f = new Frame(left, right, top, bottom, x0, x1, y0, y1);

        Font base = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        g.setFont(base.deriveFont(Font.BOLD, 16f));
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Color.BLACK);
        g.drawString(title, (width - fm.stringWidth(title)) / 2, 28);

        g.setFont(base);
        fm = g.getFontMetrics();
        g.setStroke(new BasicStroke(1f));
        for (double t : yt) {
            int py = f.py(t);
            g.setColor(new Color(0xe8e8e8));
            g.drawLine(left, py, right, py);
            g.setColor(Color.DARK_GRAY);
            String s = label(t, yt);
            g.drawString(s, left - 6 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
        }
        for (double t : xt) {
            int px = f.px(t);
            g.setColor(new Color(0xe8e8e8));
            g.drawLine(px, top, px, bottom);
            g.setColor(Color.DARK_GRAY);
            String s = label(t, xt);
            g.drawString(s, px - fm.stringWidth(s) / 2, bottom + fm.getAscent() + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, right - left, bottom - top);
        g.drawString(xLabel, (left + right - fm.stringWidth(xLabel)) / 2, height - 18);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(top + bottom + fm.stringWidth(yLabel)) / 2, 20);
        g.setTransform(saved);

        g.setClip(left + 1, top + 1, right - left - 1, bottom - top - 1);
        int next = 0;
        int[] colours = new int[series.size()];
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            colours[k] = s.colour() >= 0 ? s.colour() : next++;
        }
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            if (s.low() == null) continue;
            Color c = PALETTE[colours[k] % PALETTE.length];
            g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 50));
            fillBand(g, f, s);
        }
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            g.setColor(PALETTE[colours[k] % PALETTE.length]);
            g.setStroke(s.dashed()
                    ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {8f, 6f}, 0f)
                    : new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
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
        legend(g, f, colours);
    }

    private void legend(Graphics2D g, Frame f, int[] colours) {
        if (series.isEmpty()) return;
        FontMetrics fm = g.getFontMetrics();
        int w = 0;
        for (Series s : series) w = Math.max(w, fm.stringWidth(s.name()));
        int lineH = fm.getHeight() + 2;
        int bx = f.left + 10, by = f.top + 10;
        g.setColor(new Color(255, 255, 255, 220));
        g.fillRect(bx, by, w + 50, lineH * series.size() + 8);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(bx, by, w + 50, lineH * series.size() + 8);
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            int y = by + 4 + lineH * k + lineH / 2;
            g.setColor(PALETTE[colours[k] % PALETTE.length]);
            g.setStroke(s.dashed()
                    ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke(2.2f));
            g.drawLine(bx + 6, y, bx + 34, y);
            g.setColor(Color.BLACK);
            g.drawString(s.name(), bx + 42, y + fm.getAscent() / 2 - 1);
        }
    }

    private static void fillBand(Graphics2D g, Frame f, Series s) {
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

    private double[] range(boolean x) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            double[][] arrays = x ? new double[][] {s.x()} : new double[][] {s.y(), s.low(), s.high()};
            for (double[] a : arrays) {
                if (a == null) continue;
                for (double v : a) if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
            }
        }
        if (lo > hi) { lo = 0; hi = 1; }
        if (!x && includeZero) { lo = Math.min(lo, 0); hi = Math.max(hi, 0); }
        if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) { lo -= 0.5; hi += 0.5; }
        if (!x) { double pad = 0.04 * (hi - lo); hi += pad; if (lo < 0 || !includeZero) lo -= pad; }
        return new double[] {lo, hi};
    }

    /** Round-number ticks covering [lo, hi] (1, 2, 5 × 10^k steps, about 6 of them). */
    static double[] ticks(double lo, double hi) { return ticks(lo, hi, 0); }

    /** As {@link #ticks(double, double)} with a step of at least {@code minStep}. */
    static double[] ticks(double lo, double hi, double minStep) {
        double raw = Math.max((hi - lo) / 6, minStep);
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

    private static String label(double v, double[] ticks) {
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        if (Math.abs(v) < step * 1e-6) v = 0;
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f", v);
    }

    private record Frame(int left, int right, int top, int bottom, double x0, double x1, double y0, double y1) {
        double pxd(double x) { return left + (x - x0) / (x1 - x0) * (right - left); }
        double pyd(double y) { return bottom - (y - y0) / (y1 - y0) * (bottom - top); }
        int px(double x) { return (int) Math.round(pxd(x)); }
        int py(double y) { return (int) Math.round(pyd(y)); }
    }
}
