package org.apical.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Event times in rows (a lick raster: one row per reward, a tick at each lick's time from it), with a marked line at
 * x = 0 and rows of a second kind drawn in the second colour (rewards given as light instead of water).
 */
public final class RasterPlot {
    public static final int WIDTH = 900;
    public static final int HEIGHT = 560;

    private final String title, xLabel, yLabel;
    private final List<double[]> rows = new ArrayList<>();
    private final List<Boolean> second = new ArrayList<>();
    private double x0 = Double.NaN, x1 = Double.NaN;

    public RasterPlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** One row of event times; {@code otherKind} draws it in the second colour. */
    public RasterPlot row(double[] times, boolean otherKind) {
        rows.add(times.clone());
        second.add(otherKind);
        return this;
    }

    /** The x range shown (the window around the aligning event). */
    public RasterPlot range(double from, double to) {
        x0 = from;
        x1 = to;
        return this;
    }

    public void write(Path png) { Canvas.write(render(), png); }

    public BufferedImage render() { return Canvas.render(WIDTH, HEIGHT, this::draw); }

    private void draw(Graphics2D g) {
        double[] xr = Double.isNaN(x0) ? Axes.range(false, 0, rows.toArray(double[][]::new)) : new double[] {x0, x1};
        Axes f = Axes.of(80, WIDTH - 24, 48, HEIGHT - 62, xr, new double[] {0.5, Math.max(1, rows.size()) + 0.5}, 0, 6);
        Canvas.title(g, title, WIDTH);
        f.draw(g, xLabel, yLabel);
        f.clip(g);
        g.setColor(Color.GRAY);
        g.drawLine(f.px(0), f.py(f.y0()), f.px(0), f.py(f.y1()));
        double h = Math.max(1, Math.min(8, (f.pyd(0) - f.pyd(1)) * 0.8));
        g.setStroke(new BasicStroke(1.5f));
        for (int r = 0; r < rows.size(); r++) {
            g.setColor(Canvas.colour(second.get(r) ? 1 : 0));
            double y = f.pyd(r + 1);
            for (double t : rows.get(r)) {
                int x = f.px(t);
                g.drawLine(x, (int) Math.round(y - h / 2), x, (int) Math.round(y + h / 2));
            }
        }
        g.setClip(null);
    }
}
