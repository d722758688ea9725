package org.apical.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Small multiples: one scatter panel per item (e.g. dendritic against somatic event amplitude, one panel per
 * neuron), each with its own axes, a title, and optionally a fitted line {@code y = intercept + slope·x} across
 * the panel. Up to {@value #MAX_PANELS} panels in one PNG, at most {@value #MAX_COLUMNS} a row; the image grows
 * with the panel count ({@link #width()}, {@link #height()}).
 * <pre>
 *   new ScatterGrid("Dendrite against soma", "somatic amplitude (dF/F)", "dendritic amplitude (dF/F)")
 *       .add(new ScatterGrid.Panel("n12 · P+", soma, dendrite, a, b))
 *       .write(dir.resolve("scatter.png"));
 * </pre>
 */
public final class ScatterGrid {
    public static final int MAX_PANELS = 64;
    static final int MAX_COLUMNS = 8, CELL_W = 230, CELL_H = 200, TOP = 48, LEFT = 28, BOTTOM = 34, RIGHT = 8;

    /** One panel: points (x[i], y[i]) and a line (NaN slope for none). */
    public record Panel(String title, double[] x, double[] y, double intercept, double slope) {
        public Panel {
            if (x.length != y.length) throw new IllegalArgumentException("panel '" + title + "': x and y differ in length");
        }

        public static Panel points(String title, double[] x, double[] y) { return new Panel(title, x, y, Double.NaN, Double.NaN); }
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Panel> panels = new ArrayList<>();

    public ScatterGrid(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public ScatterGrid add(Panel p) {
        if (panels.size() == MAX_PANELS) {
            throw new IllegalArgumentException("a scatter grid holds at most " + MAX_PANELS + " panels; split '" + title
                    + "' over several images");
        }
        panels.add(p);
        return this;
    }

    public int columns() { return Math.max(1, Math.min(MAX_COLUMNS, (int) Math.ceil(Math.sqrt(panels.size())))); }

    public int rows() { return Math.max(1, (panels.size() + columns() - 1) / columns()); }

    public int width() { return LEFT + columns() * CELL_W + RIGHT; }

    public int height() { return TOP + rows() * CELL_H + BOTTOM; }

    public void write(Path png) { Canvas.write(render(), png); }

    public BufferedImage render() {
        int width = width(), height = height();
        return Canvas.render(width, height, g -> {
            Canvas.title(g, title, width);
            FontMetrics fm = g.getFontMetrics();
            g.setColor(Color.BLACK);
            g.drawString(xLabel, (width - fm.stringWidth(xLabel)) / 2, height - 10);
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2);
            g.drawString(yLabel, -(TOP + rows() * CELL_H / 2 + fm.stringWidth(yLabel) / 2), 18);
            g.setTransform(saved);
            g.setFont(Canvas.BASE.deriveFont(11f));
            for (int k = 0; k < panels.size(); k++) {
                int cx = LEFT + (k % columns()) * CELL_W, cy = TOP + (k / columns()) * CELL_H;
                panel(g, panels.get(k), cx, cy);
            }
        });
    }

    private static void panel(Graphics2D g, Panel p, int cx, int cy) {
        double[] xr = Axes.range(false, 0.04, p.x()), yr = Axes.range(false, 0.04, p.y());
        Axes a = Axes.of(cx + 46, cx + CELL_W - 10, cy + 22, cy + CELL_H - 26, xr, yr, 0, 3);
        a.draw(g, null, null);
        Font font = g.getFont();
        g.setFont(font.deriveFont(Font.BOLD, 12f));
        g.setColor(Color.BLACK);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(p.title(), (a.left() + a.right() - fm.stringWidth(p.title())) / 2, cy + 16);
        g.setFont(font);
        a.clip(g);
        g.setColor(Canvas.translucent(Canvas.colour(0), 140));
        for (int i = 0; i < p.x().length; i++) {
            if (!Double.isFinite(p.x()[i]) || !Double.isFinite(p.y()[i])) continue;
            g.fill(new Ellipse2D.Double(a.pxd(p.x()[i]) - 2.5, a.pyd(p.y()[i]) - 2.5, 5, 5));
        }
        if (Double.isFinite(p.slope()) && Double.isFinite(p.intercept())) {
            g.setColor(Canvas.colour(1));
            g.setStroke(new BasicStroke(2f));
            g.drawLine(a.px(a.x0()), a.py(p.intercept() + p.slope() * a.x0()),
                    a.px(a.x1()), a.py(p.intercept() + p.slope() * a.x1()));
        }
        g.setClip(null);
    }
}
