package org.apical.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * What every plot of a report shares: the white antialiased image, the palette, the fonts, the title, the
 * legend and writing the PNG. Headless: Java2D into a {@link BufferedImage}, no display needed.
 */
final class Canvas {
    static final Color[] PALETTE = {
            new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
            new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf),
    };
    static final Font BASE = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Color GRID = new Color(0xe8e8e8);

    private Canvas() {}

    static Color colour(int index) { return PALETTE[Math.floorMod(index, PALETTE.length)]; }

    static Color translucent(Color c, int alpha) { return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha); }

    static Stroke line(boolean dashed) {
        return dashed ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {8f, 6f}, 0f)
                : new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    /** A white image of the given size, drawn on by {@code painter}. */
    static BufferedImage render(int width, int height, java.util.function.Consumer<Graphics2D> painter) {
        if (width < 50 || height < 50) throw new IllegalArgumentException("plot size " + width + "×" + height + " is too small");
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setFont(BASE);
            painter.accept(g);
        } finally {
            g.dispose();
        }
        return img;
    }

    static void write(BufferedImage img, Path png) {
        try {
            if (!ImageIO.write(img, "png", png.toFile())) throw new IOException("no PNG writer");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + png + ": " + e.getMessage(), e);
        }
    }

    /** The plot's title, bold, centred at the top. */
    static void title(Graphics2D g, String title, int width) {
        Font saved = g.getFont();
        g.setFont(BASE.deriveFont(Font.BOLD, 16f));
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Color.BLACK);
        g.drawString(title, (width - fm.stringWidth(title)) / 2, 28);
        g.setFont(saved);
    }

    /** One legend entry: a name, its colour, and whether it is drawn as a line (dashed or not) or a filled box. */
    record Entry(String name, Color colour, boolean dashed, boolean box) {}

    /** A legend box in the upper left of {@code axes}. */
    static void legend(Graphics2D g, Axes axes, List<Entry> entries) {
        if (entries.isEmpty()) return;
        FontMetrics fm = g.getFontMetrics();
        int w = 0;
        for (Entry e : entries) w = Math.max(w, fm.stringWidth(e.name()));
        int lineH = fm.getHeight() + 2;
        int bx = axes.left() + 10, by = axes.top() + 10;
        g.setColor(new Color(255, 255, 255, 220));
        g.fillRect(bx, by, w + 50, lineH * entries.size() + 8);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(bx, by, w + 50, lineH * entries.size() + 8);
        for (int k = 0; k < entries.size(); k++) {
            Entry e = entries.get(k);
            int y = by + 4 + lineH * k + lineH / 2;
            g.setColor(e.colour());
            if (e.box()) {
                g.fillRect(bx + 10, y - 5, 20, 10);
            } else {
                g.setStroke(e.dashed()
                        ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
                        : new BasicStroke(2.2f));
                g.drawLine(bx + 6, y, bx + 34, y);
            }
            g.setColor(Color.BLACK);
            g.drawString(e.name(), bx + 42, y + fm.getAscent() / 2 - 1);
        }
    }
}
