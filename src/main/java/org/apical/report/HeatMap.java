package org.apical.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A headless heat map written as PNG: one cell per (x, y) pair of two swept parameters, coloured on a perceptually
 * ordered scale (dark blue → yellow) with a colour bar, and the value written in each cell when the cells are large
 * enough to read. NaN cells are grey.
 */
public final class HeatMap {
    private static final int WIDTH = 900, HEIGHT = 640;
    private static final Color[] SCALE = {new Color(0x440154), new Color(0x3b528b), new Color(0x21918c),
            new Color(0x5ec962), new Color(0xfde725)};

    private final String title, xLabel, yLabel;
    private final String[] xTicks, yTicks;
    private final double[][] values; // [y][x]

    public HeatMap(String title, String xLabel, String[] xTicks, String yLabel, String[] yTicks, double[][] values) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.xTicks = xTicks;
        this.yTicks = yTicks;
        this.values = values;
    }

    public void write(Path png) { Canvas.write(render(), png); }

    public BufferedImage render() { return Canvas.render(WIDTH, HEIGHT, this::draw); }

    private void draw(Graphics2D g) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] row : values) for (double v : row) if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (!(hi > lo)) { hi = lo + 1; }
        int left = 110, top = 50, right = WIDTH - 130, bottom = HEIGHT - 80;
        int nx = xTicks.length, ny = yTicks.length;
        double cw = (right - left) / (double) nx, ch = (bottom - top) / (double) ny;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                double v = values[y][x];
                int px = left + (int) Math.round(x * cw), py = bottom - (int) Math.round((y + 1) * ch);
                int w = (int) Math.ceil(cw), h = (int) Math.ceil(ch);
                g.setColor(Double.isFinite(v) ? colour((v - lo) / (hi - lo)) : Color.LIGHT_GRAY);
                g.fillRect(px, py, w, h);
                if (cw >= 34 && ch >= 16 && Double.isFinite(v)) {
                    String s = String.format(Locale.ROOT, "%.3g", v);
                    g.setColor((v - lo) / (hi - lo) > 0.6 ? Color.BLACK : Color.WHITE);
                    g.drawString(s, px + (w - fm.stringWidth(s)) / 2, py + (h + fm.getAscent()) / 2 - 2);
                }
            }
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, right - left, bottom - top);
        int xStep = Math.max(1, (int) Math.ceil(nx / 15.0)), yStep = Math.max(1, (int) Math.ceil(ny / 20.0));
        for (int x = 0; x < nx; x += xStep) {
            int px = left + (int) Math.round((x + 0.5) * cw);
            g.drawString(xTicks[x], px - fm.stringWidth(xTicks[x]) / 2, bottom + 16);
        }
        for (int y = 0; y < ny; y += yStep) {
            int py = bottom - (int) Math.round((y + 0.5) * ch);
            g.drawString(yTicks[y], left - 6 - fm.stringWidth(yTicks[y]), py + fm.getAscent() / 2);
        }
        // colour bar
        for (int i = 0; i <= bottom - top; i++) {
            g.setColor(colour(1 - i / (double) (bottom - top)));
            g.drawLine(right + 30, top + i, right + 50, top + i);
        }
        g.setColor(Color.BLACK);
        g.drawString(String.format(Locale.ROOT, "%.3g", hi), right + 56, top + 10);
        g.drawString(String.format(Locale.ROOT, "%.3g", lo), right + 56, bottom);
        Canvas.title(g, title, WIDTH);
        g.setFont(Canvas.BASE);
        fm = g.getFontMetrics();
        g.drawString(xLabel, (left + right - fm.stringWidth(xLabel)) / 2, HEIGHT - 35);
        AffineTransform t = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(top + bottom + fm.stringWidth(yLabel)) / 2, 30);
        g.setTransform(t);
    }

    private static Color colour(double f) {
        double p = Math.max(0, Math.min(1, f)) * (SCALE.length - 1);
        int i = Math.min(SCALE.length - 2, (int) p);
        double t = p - i;
        Color a = SCALE[i], b = SCALE[i + 1];
        return new Color((int) (a.getRed() + t * (b.getRed() - a.getRed())),
                (int) (a.getGreen() + t * (b.getGreen() - a.getGreen())),
                (int) (a.getBlue() + t * (b.getBlue() - a.getBlue())));
    }
}
