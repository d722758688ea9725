package org.apical.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Values by category, several groups side by side within each category, as points or bars with optional error
 * bars: R² per neuron against its control (categories: neurons; groups: real, control), task coefficients by role
 * (categories: regressors; groups: P+, P−, other), a condition comparison (categories: measures or neurons;
 * groups: conditions). The y axis always shows 0, drawn darker. Category labels are written under the axis,
 * turned upright when they would not fit side by side.
 * <pre>
 *   new CategoryPlot("Network R² per neuron", "cross-validated R²", ids)
 *       .add("network", r2, null, null).add("shuffled control", control, null, null)
 *       .write(dir.resolve("network-r2.png"));
 * </pre>
 */
public final class CategoryPlot {
    public static final int WIDTH = 900;
    public static final int HEIGHT = 560;

    public enum Style { POINTS, BARS }

    /** One group's value per category, and (both or neither null) the ends of its error bars. */
    private record Group(String name, double[] values, double[] low, double[] high) {}

    private final String title;
    private final String yLabel;
    private final List<String> categories;
    private final List<Group> groups = new ArrayList<>();
    private Style style = Style.POINTS;

    public CategoryPlot(String title, String yLabel, List<String> categories) {
        if (categories.isEmpty()) throw new IllegalArgumentException("plot '" + title + "' has no categories");
        this.title = title;
        this.yLabel = yLabel;
        this.categories = List.copyOf(categories);
    }

    /** A group: one value per category (NaN: nothing drawn), error bar ends {@code low}/{@code high} or null. */
    public CategoryPlot add(String name, double[] values, double[] low, double[] high) {
        int n = categories.size();
        if (values.length != n) {
            throw new IllegalArgumentException("group '" + name + "' has " + values.length + " values for " + n + " categories");
        }
        if ((low == null) != (high == null) || (low != null && (low.length != n || high.length != n))) {
            throw new IllegalArgumentException("group '" + name + "': error bars need low and high, one per category");
        }
        groups.add(new Group(name, values, low, high));
        return this;
    }

    public CategoryPlot style(Style s) { style = s; return this; }

    public void write(Path png) { write(png, WIDTH, HEIGHT); }

    public void write(Path png, int width, int height) { Canvas.write(render(width, height), png); }

    public BufferedImage render(int width, int height) { return Canvas.render(width, height, g -> draw(g, width, height)); }

    private void draw(Graphics2D g, int width, int height) {
        FontMetrics fm = g.getFontMetrics();
        int left = 80, right = width - 24, top = 48;
        double slot = (double) (right - left) / categories.size();
        int widest = categories.stream().mapToInt(fm::stringWidth).max().orElse(0);
        boolean upright = widest > slot - 4;
        int labels = upright ? Math.min(widest, height / 3) + 10 : fm.getHeight() + 6;
        int bottom = height - 30 - labels;
        List<double[]> ys = new ArrayList<>();
        for (Group gr : groups) { ys.add(gr.values()); ys.add(gr.low()); ys.add(gr.high()); }
        double[] yr = Axes.range(true, 0.04, ys.toArray(double[][]::new));
        Axes a = Axes.of(left, right, top, bottom, new double[] {0, categories.size()}, yr, 0, 6);
        Canvas.title(g, title, width);
        a.drawY(g, yLabel);
        a.frame(g);
        g.setColor(Color.DARK_GRAY);
        for (int c = 0; c < categories.size(); c++) {
            String s = categories.get(c);
            int cx = (int) Math.round(left + slot * (c + 0.5));
            if (upright) {
                AffineTransform saved = g.getTransform();
                g.translate(cx + fm.getAscent() / 2 - 1, bottom + 6);
                g.rotate(-Math.PI / 2);
                g.drawString(s, -fm.stringWidth(s), 0);
                g.setTransform(saved);
            } else {
                g.drawString(s, cx - fm.stringWidth(s) / 2, bottom + fm.getAscent() + 4);
            }
        }
        a.clip(g);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1.2f));
        g.drawLine(left, a.py(0), right, a.py(0));
        double groupWidth = slot * 0.8 / Math.max(1, groups.size());
        List<Canvas.Entry> entries = new ArrayList<>();
        for (int k = 0; k < groups.size(); k++) {
            Group gr = groups.get(k);
            Color colour = Canvas.colour(k);
            entries.add(new Canvas.Entry(gr.name(), colour, false, true));
            for (int c = 0; c < categories.size(); c++) {
                double v = gr.values()[c];
                if (!Double.isFinite(v)) continue;
                double cx = left + slot * (c + 0.5) + (k - (groups.size() - 1) / 2.0) * groupWidth;
                if (style == Style.BARS) {
                    double half = Math.max(1, groupWidth * 0.45);
                    int y0 = a.py(0), y1 = a.py(v);
                    g.setColor(Canvas.translucent(colour, 170));
                    g.fillRect((int) Math.round(cx - half), Math.min(y0, y1), (int) Math.round(2 * half), Math.abs(y1 - y0));
                }
                if (gr.low() != null && Double.isFinite(gr.low()[c]) && Double.isFinite(gr.high()[c])) {
                    double cap = Math.max(2, Math.min(6, groupWidth * 0.25));
                    g.setColor(style == Style.BARS ? Color.BLACK : colour);
                    g.setStroke(new BasicStroke(1.5f));
                    int lo = a.py(gr.low()[c]), hi = a.py(gr.high()[c]), x = (int) Math.round(cx);
                    g.drawLine(x, lo, x, hi);
                    g.drawLine((int) (cx - cap), lo, (int) (cx + cap), lo);
                    g.drawLine((int) (cx - cap), hi, (int) (cx + cap), hi);
                }
                if (style == Style.POINTS) {
                    double r = Math.max(2.5, Math.min(5, groupWidth * 0.3));
                    g.setColor(colour);
                    g.fill(new Ellipse2D.Double(cx - r, a.pyd(v) - r, 2 * r, 2 * r));
                }
            }
        }
        g.setClip(null);
        Canvas.legend(g, a, entries);
    }
}
